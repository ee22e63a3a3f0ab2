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
public class BatchLoadTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("replicate-batch-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    [CancelAfter(240_000)]
    public async Task Two_thousand_predictions_at_the_documented_limits_get_no_429_create_at_the_limit_and_keep_every_output()
    {
        await using var fake = BatchFakes.Account();
        using var client = BatchFakes.Client(fake);
        var items = BatchFakes.Items(2000);
        var store = new FolderOutputStore(_folder);

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
}
