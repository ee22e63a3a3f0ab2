namespace Replicate.Client.Errors;

/// <summary>A list could not be followed: a <c>next</c> URL or continuation token points away from the API, or the pages link back to one already read.</summary>
public sealed class ReplicatePagingException : ReplicateException
{
    /// <summary>Creates the exception.</summary>
    public ReplicatePagingException(string message, string operation)
        : base(message, operation)
    {
    }
}
