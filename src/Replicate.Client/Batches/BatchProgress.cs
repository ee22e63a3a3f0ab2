namespace Replicate.Client.Batches;

/// <summary>How many items of a batch are in each state, as reported to <see cref="BatchOptions.Progress"/>.</summary>
public sealed record BatchProgress
{
    /// <summary>Items waiting for their create (its rate permit, or its response).</summary>
    public int Creating { get; init; }

    /// <summary>Items created (or resumed from the journal) and not final yet.</summary>
    public int Running { get; init; }

    /// <summary>Items succeeded whose outputs are being saved.</summary>
    public int Storing { get; init; }

    /// <summary>Items that succeeded (and whose outputs were saved).</summary>
    public int Succeeded { get; init; }

    /// <summary>Items that failed: the prediction failed, a request failed, or its outputs could not be saved.</summary>
    public int Failed { get; init; }

    /// <summary>Items whose prediction ended canceled or aborted.</summary>
    public int Canceled { get; init; }

    /// <summary>Items that ended, whatever the outcome.</summary>
    public int Completed => Succeeded + Failed + Canceled;

    /// <summary>Items started so far (in flight or ended).</summary>
    public int Started => Creating + Running + Storing + Completed;
}
