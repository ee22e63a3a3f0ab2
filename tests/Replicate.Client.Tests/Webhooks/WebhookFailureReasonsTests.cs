using Replicate.Client.Webhooks;

namespace Replicate.Client.Tests.Webhooks;

/// <summary>The reason tokens are a contract with scripts (the CLI prints them), so they are pinned here.</summary>
public class WebhookFailureReasonsTests
{
    [Test]
    public void Every_reason_has_its_documented_token_and_parses_back()
    {
        var tokens = Enum.GetValues<WebhookFailureReason>().ToDictionary(r => r, r => r.ToToken());

        tokens.Should().Equal(new Dictionary<WebhookFailureReason, string>
        {
            [WebhookFailureReason.MissingHeader] = "missing_header",
            [WebhookFailureReason.InvalidSecret] = "invalid_secret",
            [WebhookFailureReason.InvalidTimestamp] = "invalid_timestamp",
            [WebhookFailureReason.TimestampTooOld] = "timestamp_too_old",
            [WebhookFailureReason.TimestampTooNew] = "timestamp_too_new",
            [WebhookFailureReason.NoMatchingSignature] = "no_matching_signature",
        });
        foreach (var (reason, token) in tokens)
        {
            WebhookFailureReasons.TryParse(token, out var parsed).Should().BeTrue();
            parsed.Should().Be(reason);
            new WebhookVerificationException(reason).Token.Should().Be(token);
        }

        WebhookFailureReasons.TryParse("MISSING_HEADER", out _).Should().BeFalse("tokens are matched exactly");
        WebhookFailureReasons.TryParse(null, out _).Should().BeFalse();
        FluentActions.Invoking(() => ((WebhookFailureReason)0).ToToken()).Should().Throw<ArgumentOutOfRangeException>();
    }
}
