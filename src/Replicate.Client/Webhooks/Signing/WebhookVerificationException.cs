using Replicate.Client.Errors;

namespace Replicate.Client.Webhooks;

/// <summary>
/// A webhook delivery (or the secret meant to check it) was rejected. <see cref="Reason"/> says why; the message
/// never contains the secret.
/// </summary>
public sealed class WebhookVerificationException : ReplicateException
{
    /// <summary>Creates the exception for a reason, with a message naming its token.</summary>
    /// <param name="reason">Why the delivery was rejected.</param>
    public WebhookVerificationException(WebhookFailureReason reason)
        : this(reason, null)
    {
    }

    /// <summary>Creates the exception for a reason with more detail.</summary>
    /// <param name="reason">Why the delivery was rejected.</param>
    /// <param name="detail">Extra context for people reading logs; must not contain secrets.</param>
    public WebhookVerificationException(WebhookFailureReason reason, string? detail)
        : base($"Webhook verification failed: {reason.ToToken()}" + (detail is null ? "." : $" ({detail})."), VerificationOperation)
    {
        Reason = reason;
    }

    /// <summary>What <see cref="ReplicateException.Operation"/> names for a verification: no HTTP call of ours failed.</summary>
    public const string VerificationOperation = "verify webhook";

    /// <summary>Why the delivery was rejected.</summary>
    public WebhookFailureReason Reason { get; }

    /// <summary>The reason's stable token, e.g. <c>no_matching_signature</c>.</summary>
    public string Token => Reason.ToToken();
}
