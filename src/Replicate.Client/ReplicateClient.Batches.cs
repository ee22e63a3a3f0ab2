using Replicate.Client.Batches;

namespace Replicate.Client;

/// <summary>Running many predictions at once.</summary>
public partial class ReplicateClient
{
    /// <summary>
    /// Runs many predictions at once and yields each result as it completes (not in input order). Items are read as
    /// slots free up, at most <see cref="BatchOptions.MaxConcurrency"/> in flight; creates and polls go through the
    /// client's rate limiter (<see cref="ReplicateClientOptions.RateLimiter"/>), so the batch runs at the account's own
    /// rate without 429s. A failed item's result carries its error and the others go on, unless
    /// <see cref="BatchOptions.ContinueOnError"/> is off. With a <see cref="BatchOptions.Journal"/>, a batch run again
    /// after a crash creates nothing twice and still collects every outcome; with a <see cref="BatchOptions.OutputStore"/>,
    /// every output file is saved right after its prediction succeeds. Canceling <paramref name="cancellationToken"/>
    /// (or abandoning the enumeration) stops it, canceling the predictions in flight on the server when
    /// <see cref="BatchOptions.CancelRemoteOnCancellation"/> says so.
    /// </summary>
    /// <exception cref="ReplicateBatchStoppedException">An item failed and <see cref="BatchOptions.ContinueOnError"/> is off (thrown after its result).</exception>
    /// <exception cref="ReplicateJournalException">The journal could not be read or written.</exception>
    public virtual IAsyncEnumerable<BatchResult> RunBatchAsync(IAsyncEnumerable<BatchItem> items, BatchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new BatchRunner(this, options ?? new BatchOptions()).RunAsync(items, cancellationToken);
    }

    /// <inheritdoc cref="RunBatchAsync(IAsyncEnumerable{BatchItem}, BatchOptions?, CancellationToken)"/>
    public virtual IAsyncEnumerable<BatchResult> RunBatchAsync(IEnumerable<BatchItem> items, BatchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        return RunBatchAsync(AsAsync(items), options, cancellationToken);
    }

    private static async IAsyncEnumerable<BatchItem> AsAsync(IEnumerable<BatchItem> items)
    {
        foreach (var item in items)
        {
            yield return item;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
