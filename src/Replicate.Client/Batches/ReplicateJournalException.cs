using Replicate.Client.Errors;

namespace Replicate.Client.Batches;

/// <summary>A batch journal could not be read or written (a corrupt line, a full disk): the batch stops, since going on unrecorded could create predictions twice.</summary>
public sealed class ReplicateJournalException : ReplicateException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, naming the journal.</param>
    /// <param name="operation">What was being done (<c>read journal</c>, <c>write journal</c>).</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public ReplicateJournalException(string message, string operation, Exception? innerException = null)
        : base(message, operation, innerException)
    {
    }
}
