using Replicate.Client.Batches;
using Replicate.Client.Outputs;
using Replicate.Client.RateLimiting;
using Replicate.Testing;

namespace Replicate.Client.Tests.Batches;

/// <summary>
/// Thousands of predictions through one client against the fake account, on the fake's clock (it jumps to the next
/// timer whenever nothing is in flight, so minutes of API time pass in seconds): the rate the batch reaches, what the
/// server answered, and that every item is accounted for exactly once.
/// </summary>
[NonParallelizable]
public class BatchLoadTests : WithTemporaryFolder
{
    [Test]
    [CancelAfter(240_000)]
    public async Task Two_thousand_predictions_at_the_documented_limits_get_no_429_create_at_the_limit_and_keep_every_output()
    {
        await using var fake = BatchFakes.Account();
        using var client = BatchFakes.Client(fake);
        var items = BatchFakes.Items(2000);
        var store = new FolderOutputStore(Folder);

        var results = new List<BatchResult>();
        await foreach (var result in client.RunBatchAsync(items, new BatchOptions { MaxConcurrency = 400, OutputStore = store }))
        {
            results.Add(result);
        }

        var creates = fake.Requests.Where(r => r.OperationId == "Models_PredictionsCreate").Select(r => r.ReceivedAt).Order().ToList();
        var throttled = fake.Requests.Count(r => r.StatusCode == 429);
        var last = creates[^1];
        var sustained = (creates.Count - 10 - 1) / (last - creates[10]).TotalMinutes; // past the first second's burst
        TestContext.Out.WriteLine($"{creates.Count} creates over {(last - creates[0]).TotalSeconds:0.0} s of API time ({sustained:0.0}/min sustained), {fake.Requests.Count} requests, {throttled} throttled");
        throttled.Should().Be(0, "the client keeps within both documented budgets");
        sustained.Should().BeGreaterThanOrEqualTo(0.95 * 600, "creates go at the limit, not below it");
        results.Should().HaveCount(2000, "every item has exactly one result");
        results.Select(r => r.Key).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(items.Select(i => i.Key));
        results.Where(r => !r.Succeeded).Should().BeEmpty("nothing fails at the documented limits");
        fake.Predictions.Should().HaveCount(2000, "none was created twice");
        creates.Should().HaveCount(2000, "no create was throttled and sent again");
        fake.Predictions.Select(p => p.Id).Should().BeEquivalentTo(results.Select(r => r.PredictionId));
        foreach (var result in results)
        {
            result.StoredOutputs.Should().ContainSingle();
            File.ReadAllBytes(result.StoredOutputs[0]).Should().Equal(BatchFakes.Png(BatchFakes.SecondsOf(result.Key)), $"{result.Key}'s own output is stored under its key");
        }
    }

    [TestCase(1000, 300, 5, TestName = "At half the documented create rate, unannounced, creates converge with at most 5 % answered 429")]
    [TestCase(200, 6, 1, TestName = "At the low-credit create rate (6 a minute, burst 1), unannounced, creates converge with at most 5 % answered 429")]
    [CancelAfter(240_000)]
    public async Task Creates_converge_on_a_lower_unannounced_limit(int count, int perMinute, int burst)
    {
        await using var fake = BatchFakes.Account(new FakeRateLimits { CreatesPerMinute = perMinute, CreateBurst = burst });
        using var limiter = new AdaptiveRateLimiter(timeProvider: fake.Time);   // it assumes the documented 600 a minute
        using var client = BatchFakes.Client(fake, o => o.RateLimiter = limiter);
        var items = BatchFakes.Items(count);

        var results = new List<BatchResult>();
        await foreach (var result in client.RunBatchAsync(items, new BatchOptions { MaxConcurrency = 200 }))
        {
            results.Add(result);
        }

        var creates = fake.Requests.Where(r => r.OperationId == "Models_PredictionsCreate").ToList();
        var throttled = creates.Count(r => r.StatusCode == 429);
        var accepted = creates.Where(r => r.StatusCode == 201).Select(r => r.ReceivedAt).Order().ToList();
        var half = accepted[accepted.Count / 2];
        var secondHalf = (accepted.Count - (accepted.Count / 2) - 1) / (accepted[^1] - half).TotalMinutes;
        TestContext.Out.WriteLine($"{creates.Count} create requests, {throttled} answered 429 ({100.0 * throttled / creates.Count:0.0} %); second half at {secondHalf:0.0}/min of {perMinute}; the client's limit now {limiter.CurrentCreatesPerMinute:0.0}/min");
        results.Should().HaveCount(count).And.OnlyContain(r => r.Succeeded, "a 429 is waited out and the create sent again");
        fake.Predictions.Should().HaveCount(count, "none was created twice");
        ((double)throttled / creates.Count).Should().BeLessThanOrEqualTo(0.05, "the client finds the lower limit and keeps under it");
        secondHalf.Should().BeGreaterThanOrEqualTo(0.7 * perMinute, "it settles near the limit, not far below it");
    }
}
