using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Replicate.Client.RateLimiting;
using Replicate.Client.Transport;
using Replicate.Testing;

namespace Replicate.Client.Tests.RateLimiting;

/// <summary>Where the limiter sits: every attempt to the API, in the right budget, outside the attempt's timeout.</summary>
public class PipelineRateLimitTests
{
    public static IEnumerable<TestCaseData> BaselineOperations()
    {
        var baseline = JsonNode.Parse(File.ReadAllText(RepoRoot.Combine("openapi", "replicate.baseline.json")))!;
        foreach (var (path, item) in baseline["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation?["operationId"] is null)
                {
                    continue;
                }

                // What the API counts as a create: a POST answering 201 with a prediction or a training.
                var created = operation["responses"]?["201"]?["content"]?.AsObject().Select(m => m.Value?["schema"]?["$ref"]?.GetValue<string>()).FirstOrDefault();
                var isCreate = method == "post" && created is not null && (created.EndsWith("/PredictionResponse", StringComparison.Ordinal) || created.EndsWith("/TrainingResponse", StringComparison.Ordinal));
                yield return new TestCaseData(method.ToUpperInvariant(), path, isCreate).SetArgDisplayNames(operation["operationId"]!.GetValue<string>());
            }
        }
    }

    [TestCaseSource(nameof(BaselineOperations))]
    public void Every_baseline_operation_is_counted_in_the_budget_the_API_counts_it_in(string method, string path, bool isCreate)
    {
        var baseAddress = new Uri("https://api.replicate.com/v1/");
        var concrete = System.Text.RegularExpressions.Regex.Replace(path, "{[^}]+}", "x1").TrimStart('/');
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(baseAddress, concrete));

        RequestKinds.Of(request, baseAddress).Should().Be(isCreate ? ReplicateRequestKind.Create : ReplicateRequestKind.Other, $"{method} {path} {(isCreate ? "creates a run" : "does not create one")}");
    }

    [TestCase("https://replicate.delivery/xezq/abc/out.png")]
    [TestCase("https://api.replicate.com/other/predictions")]
    [TestCase("http://api.replicate.com/v1/predictions")]
    public void A_request_outside_the_API_counts_against_neither_budget(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url);

        RequestKinds.Of(request, new Uri("https://api.replicate.com/v1/")).Should().BeNull("output downloads and other origins are not the API's requests");
    }

    [Test]
    public async Task A_run_asks_the_limiter_for_its_create_and_every_poll_and_reports_a_429_with_the_servers_delay()
    {
        await using var fake = new FakeReplicate(new FakeReplicateOptions { RateLimits = FakeRateLimits.LowCredit });
        fake.AddModel("acme", "m", new FakeRunScript { Outputs = [FakeOutput.FromFile("a.png", new byte[] { 1, 2 })] });
        var limiter = new RecordingLimiter();
        using var client = Batches.BatchFakes.Client(fake, o => o.RateLimiter = limiter);

        var operation = await client.CreatePredictionAsync("acme/m", new { prompt = "x" });
        var prediction = await fake.RunUntilCompletedAsync(operation.WaitForCompletionAsync());
        await using (var file = await client.OpenOutputAsync(new Replicate.Client.Predictions.PredictionOutput(prediction.Output).AsUris()[0]))
        {
            await file.CopyToAsync(Stream.Null);
        }

        await fake.RunUntilCompletedAsync(client.CreatePredictionAsync("acme/m", new { prompt = "y" }));

        var apiRequests = fake.Requests.Where(r => r.OperationId is not null).ToList();
        limiter.Asked.Should().HaveCount(apiRequests.Count, "every attempt to the API passes the limiter, and nothing else does");
        limiter.Asked.Count(k => k == ReplicateRequestKind.Create).Should().Be(apiRequests.Count(r => r.OperationId == "Models_PredictionsCreate"), "creates, retries included, count as creates");
        limiter.Asked.Count(k => k == ReplicateRequestKind.Other).Should().Be(apiRequests.Count(r => r.OperationId == "Predictions_Get")).And.BePositive("polls count as other requests");
        var throttled = limiter.Throttled.Should().ContainSingle("the low-credit account refuses the second create once").Which;
        throttled.Item1.Should().Be(ReplicateRequestKind.Create);
        throttled.Item2.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(10), "the server's delay (its Retry-After) is reported");
    }

    [Test]
    public async Task Waiting_for_a_permit_does_not_count_against_the_network_timeout()
    {
        await using var fake = new FakeReplicate();
        fake.AddModel("acme", "m");
        var time = fake.Time;
        using var slow = new AdaptiveRateLimiter(new ReplicateRateLimitOptions { OthersPerMinute = 1, OtherBurst = 1 }, time);
        using var client = Batches.BatchFakes.Client(fake, o =>
        {
            o.RateLimiter = slow;
            o.NetworkTimeout = TimeSpan.FromSeconds(10);
        });

        await client.Predictions.ListAsync();
        var before = fake.Time.GetUtcNow();
        var page = await client.Predictions.ListAsync(); // the fake's clock jumps to the permit's timer (and would to a 10 s timeout first)

        page.Results.Should().BeEmpty();
        (fake.Time.GetUtcNow() - before).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(59), "one request a minute: the second waited for its permit");
        fake.Requests.Count(r => r.OperationId == "Predictions_List").Should().Be(2, "it then went once, in time: the wait was not an attempt timing out");
    }

    [Test]
    public async Task Any_System_Threading_RateLimiting_limiter_can_be_plugged_in_even_one_without_a_queue()
    {
        await using var fake = new FakeReplicate();
        fake.AddModel("acme", "m");
        using var creates = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromMilliseconds(200), QueueLimit = 0 });
        using var others = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 4, QueueLimit = 100 });
        using var limiter = ReplicateRateLimiter.FromLimiters(creates, others, TimeSpan.FromMilliseconds(20));
        using var client = Batches.BatchFakes.Client(fake, o => o.RateLimiter = limiter);
        var started = System.Diagnostics.Stopwatch.StartNew();

        var operations = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => client.CreatePredictionAsync("acme/m", new { i })));

        operations.Select(o => o.Id).Should().OnlyHaveUniqueItems().And.HaveCount(3);
        started.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(350), "one create per 200 ms window: the refused ones asked again until granted");
    }

    private sealed class RecordingLimiter : ReplicateRateLimiter
    {
        public ConcurrentQueue<ReplicateRequestKind> Asked { get; } = new();

        public ConcurrentQueue<(ReplicateRequestKind, TimeSpan?)> Throttled { get; } = new();

        public override ValueTask<RateLimitLease> AcquireAsync(ReplicateRequestKind kind, CancellationToken cancellationToken = default)
        {
            Asked.Enqueue(kind);
            return Unlimited.AcquireAsync(kind, cancellationToken);
        }

        public override void OnThrottled(ReplicateRequestKind kind, TimeSpan? retryAfter) => Throttled.Enqueue((kind, retryAfter));
    }
}
