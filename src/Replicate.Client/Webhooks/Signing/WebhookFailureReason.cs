namespace Replicate.Client.Webhooks;

/// <summary>
/// Why a webhook delivery was rejected. Each value has a stable snake_case token
/// (<see cref="WebhookFailureReasons.ToToken"/>) that scripts and logs can match on.
/// </summary>
public enum WebhookFailureReason
{
    /// <summary><c>missing_header</c>: <c>webhook-id</c>, <c>webhook-timestamp</c> or <c>webhook-signature</c> is absent or empty.</summary>
    MissingHeader = 1,

    /// <summary><c>invalid_secret</c>: the signing secret is not a base64 key (optionally prefixed <c>whsec_</c>), or is empty.</summary>
    InvalidSecret,

    /// <summary><c>invalid_timestamp</c>: <c>webhook-timestamp</c> is not a whole number of Unix seconds.</summary>
    InvalidTimestamp,

    /// <summary><c>timestamp_too_old</c>: the timestamp lies further in the past than the tolerance allows (a possible replay).</summary>
    TimestampTooOld,

    /// <summary><c>timestamp_too_new</c>: the timestamp lies further in the future than the tolerance allows.</summary>
    TimestampTooNew,

    /// <summary><c>no_matching_signature</c>: no <c>v1</c> signature in <c>webhook-signature</c> matches the delivery.</summary>
    NoMatchingSignature,
}
