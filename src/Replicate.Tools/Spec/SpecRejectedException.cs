namespace Replicate.Tools.Spec;

/// <summary>A pulled document was refused; the message is one line meant for a person.</summary>
internal sealed class SpecRejectedException(string message, Exception? inner = null) : Exception(message, inner);
