using System.Collections.Concurrent;
using System.Text.Json;
using Replicate.Client.Batches;
using Replicate.Client.Errors;
using Replicate.Client.Predictions;
using Replicate.Client.Waiting;
using Replicate.Testing;

namespace Replicate.Client.Tests.Batches;

/// <summary>What a batch does with its items: order of results, progress, failures, stopping, canceling, bad items.</summary>
public class BatchBehaviourTests
{
    private static JsonElement Input(object value) => JsonSerializer.SerializeToElement(value);

    [Test]
    public async Task Results_come_as_predictions_complete_with_progress_counts_per_state()
    {
        await using var fake = BatchFakes.Account();
        using var client = BatchFakes.Client(fake);
        var seen = new ConcurrentQueue<BatchProgress>();
        var progress = new SynchronousProgress(seen.Enqueue);
        BatchItem[] items = [new("slow", "acme/run-30", Input(new { })), new("quick", "acme/run-1", Input(new { })), new("middle", "acme/run-10", Input(new { }))];

        var keys = new List<string>();
        await foreach (var result in client.RunBatchAsync(items, new BatchOptions { Progress = progress }))
        {
            keys.Add(result.Key);
            result.Output!.AsUris().Should().ContainSingle();
        }

        keys.Should().Equal(["quick", "middle", "slow"], "each result is yielded when its prediction completes, not in input order");
        seen.Should().Contain(p => p.Running == 3, "all three ran at once");
        seen.Last().Should().BeEquivalentTo(new BatchProgress { Succeeded = 3 });
        seen.Last().Completed.Should().Be(3);
    }

    [Test]
    public async Task A_failed_item_carries_its_error_and_the_others_go_on()
    {
        await using var fake = BatchFakes.Account();
        fake.AddModel("acme", "broken", new FakeRunScript { Error = "CUDA out of memory" });
        using var client = BatchFakes.Client(fake);
        BatchItem[] items = [new("a", "acme/run-2", Input(new { })), new("bad", "acme/broken", Input(new { })), new("missing", "acme/nope", Input(new { })), new("b", "acme/run-3", Input(new { }))];

        var results = await CollectAsync(client.RunBatchAsync(items));

        results.Where(r => r.Succeeded).Select(r => r.Key).Should().BeEquivalentTo(["a", "b"]);
        var failed = results.Single(r => r.Key == "bad");
        failed.Error.Should().BeOfType<ReplicateOperationFailedException>().Which.Error.Should().Be("CUDA out of memory");
        failed.PredictionId.Should().NotBeNull("the prediction ran and failed; its id is kept");
        failed.Output.Should().BeNull();
        var missing = results.Single(r => r.Key == "missing");
        missing.Error.Should().BeAssignableTo<ReplicateApiException>().Which.StatusCode.Should().Be(404);
        missing.Error!.Operation.Should().Contain("/models/acme/nope/predictions", "the error names the operation");
        missing.Prediction.Should().BeNull("nothing was created");
    }

    [Test]
    public async Task With_ContinueOnError_off_the_first_failure_stops_the_batch_after_its_result()
    {
        await using var fake = BatchFakes.Account();
        fake.AddModel("acme", "broken", new FakeRunScript { QueueTime = TimeSpan.FromSeconds(0.1), RunTime = TimeSpan.FromSeconds(0.1), Error = "boom" });
        using var client = BatchFakes.Client(fake);
        var items = new List<BatchItem> { new("bad", "acme/broken", Input(new { })) };
        items.AddRange(Enumerable.Range(0, 20).Select(i => new BatchItem($"ok-{i}", "acme/run-30", Input(new { i }))));

        var results = new List<BatchResult>();
        var run = async () =>
        {
            await foreach (var result in client.RunBatchAsync(items, new BatchOptions { ContinueOnError = false, MaxConcurrency = 5 }))
            {
                results.Add(result);
            }
        };

        var thrown = await run.Should().ThrowAsync<ReplicateBatchStoppedException>();
        thrown.Which.Key.Should().Be("bad");
        thrown.Which.InnerException.Should().BeOfType<ReplicateOperationFailedException>();
        results.Should().ContainSingle().Which.Key.Should().Be("bad", "the failed result is yielded, then the batch stops");
        fake.Predictions.Should().HaveCountLessThanOrEqualTo(5, "nothing beyond the items already in flight was created");
    }

    [Test]
    public async Task Canceling_with_CancelRemoteOnCancellation_cancels_the_predictions_in_flight_on_the_server()
    {
        await using var fake = BatchFakes.Account();
        using var client = BatchFakes.Client(fake);
        var items = Enumerable.Range(0, 10).Select(i => new BatchItem($"long-{i}", "acme/run-30", Input(new { i }))).ToList();
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Running == 4)
            {
                cancel.Cancel();
            }
        });

        var run = () => CollectAsync(client.RunBatchAsync(items, new BatchOptions { MaxConcurrency = 4, CancelRemoteOnCancellation = true, Progress = progress }, cancel.Token));

        await run.Should().ThrowAsync<OperationCanceledException>();
        fake.Predictions.Should().HaveCount(4, "no item beyond the first four was started").And.OnlyContain(p => p.Status == "canceled", "each was canceled on the server");
    }

    [Test]
    public async Task An_item_whose_key_was_already_used_is_refused_and_not_run()
    {
        await using var fake = BatchFakes.Account();
        using var client = BatchFakes.Client(fake);
        BatchItem[] items = [new("same", "acme/run-1", Input(new { n = 1 })), new("same", "acme/run-1", Input(new { n = 2 }))];

        var results = await CollectAsync(client.RunBatchAsync(items));

        results.Should().HaveCount(2);
        results.Single(r => !r.Succeeded).Error.Should().BeOfType<ReplicateBatchItemException>().Which.Message.Should().Contain("two items with the key 'same'");
        fake.Predictions.Should().ContainSingle("the second item was not sent");
    }

    [Test]
    public async Task Never_more_items_in_flight_than_MaxConcurrency()
    {
        await using var fake = BatchFakes.Account();
        using var client = BatchFakes.Client(fake);
        var busiest = 0;
        var progress = new SynchronousProgress(p => busiest = Math.Max(busiest, p.Creating + p.Running + p.Storing));

        var results = await CollectAsync(client.RunBatchAsync(BatchFakes.Items(40), new BatchOptions { MaxConcurrency = 7, Progress = progress }));

        results.Should().HaveCount(40).And.OnlyContain(r => r.Succeeded);
        busiest.Should().Be(7);
    }

    [Test]
    public async Task Items_from_an_async_stream_are_read_as_slots_free_up()
    {
        await using var fake = BatchFakes.Account();
        using var client = BatchFakes.Client(fake);
        var read = 0;
        async IAsyncEnumerable<BatchItem> Rows()
        {
            for (var i = 0; i < 12; i++)
            {
                await Task.Yield();
                Interlocked.Increment(ref read);
                yield return new BatchItem($"row-{i}", ModelReference.Parse("acme/run-2"), Input(new { i }));
            }
        }

        var firstResultAfterReading = -1;
        var count = 0;
        await foreach (var result in client.RunBatchAsync(Rows(), new BatchOptions { MaxConcurrency = 3 }))
        {
            firstResultAfterReading = firstResultAfterReading < 0 ? Volatile.Read(ref read) : firstResultAfterReading;
            count++;
        }

        count.Should().Be(12);
        firstResultAfterReading.Should().BeLessThan(12, "the stream is not read to its end before the first item runs");
    }

    [Test]
    public void A_bad_item_is_refused_when_built_with_what_is_wrong()
    {
        var input = Input(new { });
        FluentActions.Invoking(() => new BatchItem("", "acme/m", input)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new BatchItem("k\n", "acme/m", input)).Should().Throw<ArgumentException>().WithMessage("*control characters*");
        FluentActions.Invoking(() => new BatchItem(new string('k', 201), "acme/m", input)).Should().Throw<ArgumentException>().WithMessage("*at most 200*");
        FluentActions.Invoking(() => new BatchItem("k", "acme/m", Input(new[] { 1 }))).Should().Throw<ArgumentException>().WithMessage("*JSON object*");
        FluentActions.Invoking(() => new BatchItem("k", "acme/", input)).Should().Throw<FormatException>().WithMessage("*no model name*");
        FluentActions.Invoking(() => BatchItem.ForDeployment("k", "acme", " ", input)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new BatchOptions { MaxConcurrency = 0 }).Should().Throw<ArgumentOutOfRangeException>();
        new BatchItem("k", "acme/m:v1", input).Target.Should().Be("acme/m:v1");
    }

    [Test]
    public async Task Deployment_and_version_items_run_through_their_own_creates()
    {
        await using var fake = BatchFakes.Account();
        fake.AddDeployment(new FakeDeployment("acme", "prod", fake.AddModel("acme", "deployed")));
        using var client = BatchFakes.Client(fake);
        var version = (await client.Models.GetAsync("acme", "run-2")).LatestVersion!.Id!;

        var results = await CollectAsync(client.RunBatchAsync([BatchItem.ForDeployment("d", "acme", "prod", Input(new { })), new BatchItem("v", version, Input(new { }))]));

        results.Should().OnlyContain(r => r.Succeeded);
        fake.Requests.Select(r => r.OperationId).Should().Contain(["Deployments_PredictionsCreate", "Predictions_Create"]);
    }

    internal static async Task<List<BatchResult>> CollectAsync(IAsyncEnumerable<BatchResult> results)
    {
        var list = new List<BatchResult>();
        await foreach (var result in results)
        {
            list.Add(result);
        }

        return list;
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    internal sealed class SynchronousProgress(Action<BatchProgress> report) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value) => report(value);
    }
}
