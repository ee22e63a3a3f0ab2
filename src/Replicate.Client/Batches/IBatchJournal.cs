namespace Replicate.Client.Batches;

/// <summary>
/// A batch's memory across runs: which item got which prediction, recorded the moment it was created, and which items
/// are finished with their outputs saved. A batch run again with the same journal creates nothing that it records:
/// it waits on the recorded prediction instead. <see cref="FileBatchJournal"/> is an append-only local file; implement
/// this for a database or a shared store. Calls may come from several items at once.
/// </summary>
public interface IBatchJournal
{
    /// <summary>Everything recorded so far, by item key.</summary>
    Task<IReadOnlyDictionary<string, BatchJournalEntry>> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that <paramref name="key"/>'s prediction <paramref name="predictionId"/> was created. Called right after
    /// the create answers, before anything else is done with it; must be durable when it returns.
    /// </summary>
    Task RecordCreatedAsync(string key, string predictionId, CancellationToken cancellationToken = default);

    /// <summary>Records that <paramref name="key"/> is finished (its outputs saved): a later run does not download them again.</summary>
    Task RecordCompletedAsync(string key, string predictionId, CancellationToken cancellationToken = default);
}
