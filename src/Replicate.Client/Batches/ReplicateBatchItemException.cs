using Replicate.Client.Errors;

namespace Replicate.Client.Batches;

/// <summary>An item of a batch was refused before anything was sent for it (its key was already used in the batch).</summary>
public sealed class ReplicateBatchItemException : ReplicateException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="key">The item's key.</param>
    /// <param name="message">Why it was refused.</param>
    public ReplicateBatchItemException(string key, string message)
        : base(message, $"batch item '{key}'")
    {
        Key = key;
    }

    /// <summary>The item's key.</summary>
    public string Key { get; }
}
