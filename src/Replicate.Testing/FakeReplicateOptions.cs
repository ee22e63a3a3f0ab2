using Microsoft.Extensions.Time.Testing;

namespace Replicate.Testing;

/// <summary>Settings of a <see cref="FakeReplicate"/>. All optional.</summary>
public sealed class FakeReplicateOptions
{
    /// <summary>
    /// The test-controlled clock; default the fake's own, starting 2026-01-01T00:00:00Z. Share it with the code under
    /// test (<c>ReplicateClientOptions.TimeProvider = fake.Time</c>) so both live on one timeline.
    /// </summary>
    public FakeTimeProvider? TimeProvider { get; init; }

    /// <summary>
    /// When true (the default), whenever the fake itself would wait — a <c>Prefer: wait</c> hold, a stream, a slow body —
    /// it moves its clock forward instead, so a test that never advances time still sees predictions complete. And when
    /// the fake owns its clock (<see cref="TimeProvider"/> not set), short timers the code under test starts on it
    /// (under a minute: poll intervals, retry delays) fire at once while no request is being handled; longer ones
    /// (network and wait timeouts) only when the test advances the clock. Set to false to drive every step with
    /// <see cref="FakeReplicate.AdvanceAsync"/> or <see cref="FakeReplicate.RunUntilCompletedAsync"/>.
    /// </summary>
    public bool AutoAdvance { get; init; } = true;

    /// <summary>
    /// With <see cref="AutoAdvance"/> on the fake's own clock: how far past the earliest pending short timer each jump
    /// goes (zero, the default: exactly to it). Timers then fire up to this late, never early, and timers due within it
    /// of each other fire in one jump — a load test of thousands of polls and rate-limit waits runs in far fewer steps.
    /// </summary>
    public TimeSpan AutoAdvanceResolution
    {
        get => _autoAdvanceResolution;
        init => _autoAdvanceResolution = value >= TimeSpan.Zero && value < TimeSpan.FromSeconds(1)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The resolution is at least zero and under a second.");
    }

    private readonly TimeSpan _autoAdvanceResolution;

    /// <summary>The bearer token requests must carry; null (the default) accepts any non-empty token.</summary>
    public string? ApiToken { get; init; }

    /// <summary>Rate limits; default Replicate's (600 creates, 3000 others per minute).</summary>
    public FakeRateLimits RateLimits { get; init; } = FakeRateLimits.Default;

    /// <summary>When set, every list answers pages of this size (to exercise paging with few items); else Replicate's sizes (100; 25 for models).</summary>
    public int? PageSize { get; init; }

    /// <summary>The largest file <c>POST /files</c> accepts; default 100 MiB (413 above).</summary>
    public long MaxFileSize { get; init; } = 100L * 1024 * 1024;

    /// <summary>How long outputs, inputs and file URLs stay available; default 1 h (then outputs are removed, <c>data_removed</c> true).</summary>
    public TimeSpan DataLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The signing secret of webhook deliveries (<c>whsec_</c> + base64), also served by <c>GET /webhooks/default/secret</c>.</summary>
    public string WebhookSecret { get; init; } = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /// <summary>The handler webhook deliveries are sent through; default real sockets (deliver to a loopback receiver).</summary>
    public HttpMessageHandler? WebhookTransport { get; init; }

    /// <summary>The account <c>GET /account</c> describes; it owns what the API creates.</summary>
    public string AccountUsername { get; init; } = "test-user";

    /// <summary>The hardware <c>GET /hardware</c> lists, as SKU and name.</summary>
    public IReadOnlyDictionary<string, string> Hardware { get; init; } = new Dictionary<string, string>
    {
        ["cpu"] = "CPU",
        ["gpu-t4"] = "Nvidia T4 GPU",
        ["gpu-l40s"] = "Nvidia L40S GPU",
        ["gpu-a100-large"] = "Nvidia A100 (80GB) GPU",
    };
}
