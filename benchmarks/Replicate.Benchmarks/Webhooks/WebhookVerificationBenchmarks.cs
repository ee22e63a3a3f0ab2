using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;
using Replicate.Client.Webhooks;

namespace Replicate.Benchmarks.Webhooks;

/// <summary>
/// Webhook verification cost against its physical floor — one HMAC-SHA256 over the signed content — and against a
/// naive string-based verifier, for a small (1 KiB) and a large (256 KiB) body, all in one run.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ColumnsConfig))]
public class WebhookVerificationBenchmarks
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;

    private readonly byte[] _hash = new byte[32];
    private readonly WebhookSecret _secret = WebhookSecret.Parse(Secret);
    private readonly byte[] _key = Convert.FromBase64String(Secret["whsec_".Length..]);
    private readonly WebhookVerificationOptions _options = new() { TimeProvider = new FixedClock() };
    private byte[] _body = [];
    private string _bodyText = string.Empty;
    private byte[] _signedContent = [];
    private WebhookHeaders _headers;
    private WebhookHeaders _rotationHeaders;
    private NaiveWebhookVerifier _naive = null!;

    /// <summary>Body size in bytes.</summary>
    [Params(1024, 256 * 1024)]
    public int BodySize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // A JSON-looking ASCII body, so that the naive verifier's string round trip is lossless.
        var text = new StringBuilder("{\"output\":\"");
        var random = new Random(42);
        while (text.Length < BodySize - 2)
        {
            text.Append((char)random.Next('a', 'z' + 1));
        }

        _bodyText = text.Append("\"}").ToString();
        _body = Encoding.UTF8.GetBytes(_bodyText);
        _signedContent = [.. Encoding.UTF8.GetBytes($"{Id}.{Timestamp}."), .. _body];

        // One signature, as Replicate sends; and two, the valid one last, as during a key rotation.
        var signature = WebhookSigner.Sign(_secret, Id, Timestamp, _body);
        _headers = new WebhookHeaders(Id, Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), signature);
        _rotationHeaders = _headers with { Signature = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= " + signature };
        _naive = new NaiveWebhookVerifier(Secret, new FixedClock());
        if (!Verify() || !VerifyTwoSignatures() || !VerifyText() || !Naive())
        {
            throw new InvalidOperationException("The benchmark delivery must verify.");
        }
    }

    /// <summary>The floor: HMAC-SHA256 of the already assembled signed content, nothing else.</summary>
    [Benchmark(Baseline = true)]
    public byte BareHmac()
    {
        HMACSHA256.HashData(_key, _signedContent, _hash);
        return _hash[0];
    }

    /// <summary>The library with the body as bytes (headers, window, HMAC, constant-time token search).</summary>
    [Benchmark]
    public bool Verify() => WebhookVerifier.TryVerify(_secret, _headers, _body, out _, _options);

    /// <summary>The same with two <c>v1</c> signatures, the valid one last: one more constant-time comparison.</summary>
    [Benchmark]
    public bool VerifyTwoSignatures() => WebhookVerifier.TryVerify(_secret, _rotationHeaders, _body, out _, _options);

    /// <summary>The library with the body as a string (UTF-8 encoded on the way).</summary>
    [Benchmark]
    public bool VerifyText() => WebhookVerifier.TryVerify(_secret, _headers, _bodyText, out _, _options);

    /// <summary>The naive string-based verifier.</summary>
    [Benchmark]
    public bool Naive() => _naive.Verify(_headers.Id!, _headers.Timestamp!, _headers.Signature!, _body);

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(Timestamp + 1);
    }

    private sealed class ColumnsConfig : ManualConfig
    {
        public ColumnsConfig()
        {
            // Many 10 ms iterations: on a shared machine some of them run undisturbed, and their minimum (the
            // "Ratio (min)" column) stays comparable across cases even when the average load drifts between them.
            // A mutator: the settings apply to the job the command line makes (`--inProcess`) instead of adding a second one.
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(5).WithIterationCount(200).WithIterationTime(TimeInterval.FromMilliseconds(10)).AsMutator());
            AddColumn(StatisticColumn.OperationsPerSecond, StatisticColumn.Min, new MinimumRatioColumn());
        }
    }
}
