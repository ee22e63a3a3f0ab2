using System.Text;
using Replicate.Client.Webhooks;
using Replicate.Testing;

namespace Replicate.Client.Tests.Webhooks;

/// <summary>The published Standard Webhooks test vector, and deliveries derived from it.</summary>
internal static class StandardVector
{
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    public const long Timestamp = 1614265330;
    public const string BodyText = """{"test": 2432232314}""";
    public const string Signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    public static byte[] Body => Encoding.UTF8.GetBytes(BodyText);

    public static WebhookSecret ParsedSecret { get; } = WebhookSecret.Parse(Secret);

    public static WebhookHeaders Headers => new(Id, "1614265330", Signature);

    /// <summary>Options whose clock stands <paramref name="offsetSeconds"/> after the vector's timestamp.</summary>
    public static WebhookVerificationOptions At(long offsetSeconds = 0, TimeSpan? tolerance = null) => new()
    {
        TimeProvider = FakeTimeProvider.AtUnixSeconds(Timestamp + offsetSeconds),
        Tolerance = tolerance ?? WebhookVerificationOptions.DefaultTolerance,
    };
}
