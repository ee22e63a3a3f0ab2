using Replicate.Client.Errors;

namespace Replicate.Client.Streaming;

/// <summary>A prediction's stream reported an error event, or ended before its <c>done</c> event.</summary>
public sealed class ReplicateStreamException : ReplicateException
{
    /// <summary>Creates the exception.</summary>
    public ReplicateStreamException(string message, string operation)
        : base(message, operation)
    {
    }
}
