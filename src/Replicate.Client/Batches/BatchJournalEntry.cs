namespace Replicate.Client.Batches;

/// <summary>What a journal holds for one item: its prediction and whether it is finished.</summary>
/// <param name="Key">The item's key.</param>
/// <param name="PredictionId">The prediction created for it.</param>
/// <param name="Completed">Whether it finished (its outputs saved) in an earlier run.</param>
public sealed record BatchJournalEntry(string Key, string PredictionId, bool Completed);
