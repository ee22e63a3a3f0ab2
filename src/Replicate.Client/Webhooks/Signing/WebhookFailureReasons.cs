using System.Diagnostics.CodeAnalysis;

namespace Replicate.Client.Webhooks;

/// <summary>The stable snake_case tokens of <see cref="WebhookFailureReason"/>, for logs, responses and scripts.</summary>
public static class WebhookFailureReasons
{
    /// <summary>The reason's token, e.g. <c>timestamp_too_old</c>.</summary>
    /// <param name="reason">A defined reason.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined reason.</exception>
    public static string ToToken(this WebhookFailureReason reason) => reason switch
    {
        WebhookFailureReason.MissingHeader => "missing_header",
        WebhookFailureReason.InvalidSecret => "invalid_secret",
        WebhookFailureReason.InvalidTimestamp => "invalid_timestamp",
        WebhookFailureReason.TimestampTooOld => "timestamp_too_old",
        WebhookFailureReason.TimestampTooNew => "timestamp_too_new",
        WebhookFailureReason.NoMatchingSignature => "no_matching_signature",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not a webhook failure reason."),
    };

    /// <summary>The reason a token names (exact, case-sensitive match).</summary>
    /// <param name="token">A token such as <c>missing_header</c>.</param>
    /// <param name="reason">The reason when the token is known.</param>
    /// <returns>Whether the token is one of the six reason tokens.</returns>
    public static bool TryParse([NotNullWhen(true)] string? token, out WebhookFailureReason reason)
    {
        foreach (var candidate in Enum.GetValues<WebhookFailureReason>())
        {
            if (string.Equals(candidate.ToToken(), token, StringComparison.Ordinal))
            {
                reason = candidate;
                return true;
            }
        }

        reason = default;
        return false;
    }
}
