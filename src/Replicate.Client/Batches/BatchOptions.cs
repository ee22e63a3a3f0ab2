using Replicate.Client.Outputs;
using Replicate.Client.Waiting;

namespace Replicate.Client.Batches;

/// <summary>How <see cref="ReplicateClient.RunBatchAsync(IEnumerable{BatchItem}, BatchOptions?, CancellationToken)"/> runs a batch.</summary>
public sealed record BatchOptions
{
    private readonly int _maxConcurrency = 64;

    /// <summary>
    /// How many items may be in flight at once, from create to stored outputs (64). The pace of creates is the rate
    /// limiter's (<see cref="ReplicateClientOptions.RateLimiter"/>); this bounds what runs meanwhile. To create at the
    /// full 600 a minute, allow about ten times the mean run time in seconds.
    /// </summary>
    public int MaxConcurrency
    {
        get => _maxConcurrency;
        init => _maxConcurrency = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaxConcurrency is at least 1.");
    }

    /// <summary>
    /// Whether a failed item lets the others go on (true, the default): its result carries the error. When false, the
    /// first failure stops the batch: nothing more is created, the items in flight stop being waited for (and are
    /// canceled on the server with <see cref="CancelRemoteOnCancellation"/>), and the enumeration throws
    /// <see cref="ReplicateBatchStoppedException"/> after yielding the failed result.
    /// </summary>
    public bool ContinueOnError { get; init; } = true;

    /// <summary>When the batch is canceled (or stopped, or its enumeration abandoned), cancel the predictions in flight on the server too.</summary>
    public bool CancelRemoteOnCancellation { get; init; }

    /// <summary>
    /// Where each item's prediction id is recorded the moment it is created (<see cref="FileBatchJournal"/> for a
    /// local file), so a batch run again with the same journal creates nothing twice: it waits on what was created.
    /// None by default.
    /// </summary>
    public IBatchJournal? Journal { get; init; }

    /// <summary>Where each succeeded item's output files are saved, right after it succeeds (<see cref="FolderOutputStore"/>). None by default.</summary>
    public IOutputStore? OutputStore { get; init; }

    /// <summary>Told the counts per state each time an item changes state.</summary>
    public IProgress<BatchProgress>? Progress { get; init; }

    /// <summary>How each prediction is waited for (the client's defaults when null).</summary>
    public WaitOptions? Wait { get; init; }
}
