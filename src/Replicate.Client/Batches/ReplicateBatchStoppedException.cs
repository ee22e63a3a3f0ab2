using Replicate.Client.Errors;

namespace Replicate.Client.Batches;

/// <summary>
/// A batch run with <see cref="BatchOptions.ContinueOnError"/> off stopped at its first failed item. Nothing more was
/// created; predictions still in flight go on on the server (unless <see cref="BatchOptions.CancelRemoteOnCancellation"/>),
/// and a journal lets a later run collect them.
/// </summary>
public sealed class ReplicateBatchStoppedException : ReplicateException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="key">The key of the item that failed.</param>
    /// <param name="innerException">Its failure.</param>
    public ReplicateBatchStoppedException(string key, ReplicateException innerException)
        : base($"The batch stopped at item '{key}': {innerException?.Message}", innerException?.Operation ?? "batch", innerException)
    {
        Key = key;
    }

    /// <summary>The key of the item that failed.</summary>
    public string Key { get; }
}
