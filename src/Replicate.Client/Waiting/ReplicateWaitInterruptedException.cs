using Replicate.Client.Errors;

namespace Replicate.Client.Waiting;

/// <summary>
/// The wait stopped because polling kept failing (<see cref="WaitOptions.MaxConsecutivePollFailures"/> polls in a row,
/// each after the pipeline's own retries); the prediction or training goes on on the server. Resume with
/// <c>GetPredictionOperation(Id)</c> (or <c>GetTrainingOperation</c>): what was paid for is not lost.
/// </summary>
public sealed class ReplicateWaitInterruptedException : ReplicateException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind"><c>prediction</c> or <c>training</c>.</param>
    /// <param name="id">The prediction or training id.</param>
    /// <param name="failedPolls">How many polls failed in a row.</param>
    /// <param name="innerException">The last poll's failure.</param>
    public ReplicateWaitInterruptedException(string kind, string id, int failedPolls, ReplicateException innerException)
        : base(
            $"Stopped waiting for {kind} {id}: {failedPolls} polls in a row failed (last: {innerException?.Message}). It goes on on the server; resume with its id.",
            $"{kind} {id}",
            innerException)
    {
        Kind = kind;
        Id = id;
        FailedPolls = failedPolls;
    }

    /// <summary><c>prediction</c> or <c>training</c>.</summary>
    public string Kind { get; }

    /// <summary>The prediction or training id, to resume the wait with.</summary>
    public string Id { get; }

    /// <summary>How many polls failed in a row.</summary>
    public int FailedPolls { get; }
}
