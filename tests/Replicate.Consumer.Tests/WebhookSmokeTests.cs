using Replicate.Client.Webhooks;

namespace Replicate.Consumer.Tests;

/// <summary>Webhook verification from the package, as a receiver uses it: a signed delivery in, a prediction out.</summary>
public class WebhookSmokeTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Body = """{"id":"p1","status":"succeeded","output":"done","urls":{"get":"https://api.replicate.com/v1/predictions/p1"}}""";

    [Test]
    public void A_signed_delivery_verifies_and_parses_as_a_prediction_and_a_tampered_one_does_not()
    {
        var secret = WebhookSecret.Parse(Secret);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = WebhookSigner.Sign(secret, "msg_1", timestamp, Body);
        var headers = WebhookHeaders.From(new Dictionary<string, string>
        {
            ["Webhook-Id"] = "msg_1",
            ["Webhook-Timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Webhook-Signature"] = signature,
        });

        var delivery = WebhookDelivery.Verify(secret, headers, Body);

        delivery.ParsePrediction().Status.ToString().Should().Be("succeeded");
        WebhookDelivery.TryVerify(secret, headers, System.Text.Encoding.UTF8.GetBytes(Body.Replace("done", "DONE", StringComparison.Ordinal)), out _, out var reason).Should().BeFalse();
        reason.Should().Be(WebhookFailureReason.NoMatchingSignature);
    }
}
