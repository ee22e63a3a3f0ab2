using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Replicate.Client.Batches;
using Replicate.Client.RateLimiting;
using Replicate.Testing;
using StackExchange.Redis;

namespace Replicate.Client.Redis.Tests;

/// <summary>
/// Three clients, as three instances of a service would be (each its own Redis connection and limiter), on one fake
/// account, in real time: the fake's clock follows the real one, since Redis's buckets refill by the real clock.
/// </summary>
[NonParallelizable]
public class SharedBudgetTests
{
    // The account allows 300 creates a minute with a burst of 5; the shared budget is set a little under it (240 a
    // minute, burst 4), as the options advise when clocks may differ.
    private static readonly FakeRateLimits Account = new() { CreatesPerMinute = 300, CreateBurst = 5 };
    private static readonly ReplicateRateLimitOptions Limits = new() { CreatesPerMinute = 240, CreateBurst = 4 };
    private static readonly RedisRateLimitOptions Shared = new() { Key = "replicate:test-account", Limits = Limits };
    private const int PerClient = 12;

    [Test]
    [CancelAfter(120_000)]
    public async Task Three_clients_sharing_the_Redis_budget_stay_within_the_account_limit_together()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var account = new RealTimeAccount(Account);
        var connections = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ConnectionMultiplexer.ConnectAsync(redis.Configuration)));
        try
        {
            var limiters = connections.Select(c => RedisRateLimiters.Create(() => c, Shared)).ToList();
            var results = await Task.WhenAll(limiters.Select((limiter, i) => account.RunBatchAsync(i, limiter)));

            var creates = account.Fake.Requests.Where(r => r.OperationId == "Models_PredictionsCreate").ToList();
            results.SelectMany(r => r).Should().HaveCount(3 * PerClient).And.OnlyContain(r => r.Succeeded);
            creates.Count(r => r.StatusCode == 429).Should().Be(0, "together the three never exceed the account's creates");
            creates.Should().HaveCount(3 * PerClient, "nothing was throttled and sent again");
            account.Fake.Predictions.Should().HaveCount(3 * PerClient);
            MostInAnyMinute(creates.Select(r => r.ReceivedAt)).Should().BeLessThanOrEqualTo(Account.CreatesPerMinute + Account.CreateBurst!.Value);
            foreach (var limiter in limiters)
            {
                limiter.Dispose();
            }
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Without_the_shared_budget_the_same_three_clients_are_throttled()
    {
        await using var account = new RealTimeAccount(Account);
        var limiters = Enumerable.Range(0, 3).Select(_ => new AdaptiveRateLimiter(Limits)).ToList();

        await Task.WhenAll(limiters.Select((limiter, i) => account.RunBatchAsync(i, limiter)));

        account.Fake.Requests.Count(r => r.OperationId == "Models_PredictionsCreate" && r.StatusCode == 429)
            .Should().BePositive("each alone keeps within the limit, but three of them together do not: the test above can fail");
        foreach (var limiter in limiters)
        {
            limiter.Dispose();
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task The_shared_budget_paces_every_instance_to_its_rate()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        using var first = RedisRateLimiters.Create(() => connection, new RedisRateLimitOptions { Key = "pace", Limits = new() { CreatesPerMinute = 600, CreateBurst = 5 } });
        using var second = RedisRateLimiters.Create(() => connection, new RedisRateLimitOptions { Key = "pace", Limits = new() { CreatesPerMinute = 600, CreateBurst = 5 } });
        var started = System.Diagnostics.Stopwatch.StartNew();

        var leases = await Task.WhenAll(Enumerable.Range(0, 25).Select(i => (i % 2 == 0 ? first : second).AcquireAsync(ReplicateRequestKind.Create).AsTask()));

        leases.Should().OnlyContain(l => l.IsAcquired);
        started.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(1.5), "25 creates at 10 a second with a burst of 5 take two seconds, shared");
    }

    private static int MostInAnyMinute(IEnumerable<DateTimeOffset> times)
    {
        var sorted = times.Order().ToList();
        var most = 0;
        for (int start = 0, end = 0; start < sorted.Count; start++)
        {
            while (end < sorted.Count && sorted[end] - sorted[start] < TimeSpan.FromMinutes(1))
            {
                end++;
            }

            most = Math.Max(most, end - start);
        }

        return most;
    }

    /// <summary>One fake account whose clock follows the real one, and its models (0.2 s to run, output "done").</summary>
    private sealed class RealTimeAccount : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _follow;

        public RealTimeAccount(FakeRateLimits limits)
        {
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            Fake = new FakeReplicate(new FakeReplicateOptions { TimeProvider = clock, AutoAdvance = false, RateLimits = limits });
            Fake.AddModel("acme", "quick", new FakeRunScript { QueueTime = TimeSpan.FromSeconds(0.1), RunTime = TimeSpan.FromSeconds(0.1) });
            _follow = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    var behind = DateTimeOffset.UtcNow - clock.GetUtcNow();
                    if (behind > TimeSpan.Zero)
                    {
                        clock.Advance(behind);
                    }

                    await Task.Delay(5);
                }
            });
        }

        public FakeReplicate Fake { get; }

        public async Task<List<BatchResult>> RunBatchAsync(int instance, ReplicateRateLimiter limiter)
        {
            using var client = new ReplicateClient(new ReplicateClientOptions
            {
                BaseAddress = Fake.BaseAddress,
                ApiToken = "r8_RedisTestToken0123456789",
                Transport = Fake.CreateHandler(),
                RateLimiter = limiter,
            });
            var items = Enumerable.Range(0, PerClient).Select(i => new BatchItem($"instance-{instance}-{i}", "acme/quick", JsonSerializer.SerializeToElement(new { i })));
            var results = new List<BatchResult>();
            await foreach (var result in client.RunBatchAsync(items, new BatchOptions { MaxConcurrency = PerClient }))
            {
                results.Add(result);
            }

            return results;
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            await _follow;
            await Fake.DisposeAsync();
            _stop.Dispose();
        }
    }
}
