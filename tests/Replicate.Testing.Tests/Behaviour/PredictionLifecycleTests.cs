using System.Text;
using Replicate.Client.Predictions;
using Replicate.Client.Waiting;
using Replicate.Generated;

namespace Replicate.Testing.Tests.Behaviour;

/// <summary>Predictions through the real client: statuses on the clock, Prefer: wait, Cancel-After, cancel, failures, progress.</summary>
public class PredictionLifecycleTests
{
    [Test]
    public async Task RunAsync_returns_the_output_of_a_prediction_held_with_Prefer_wait()
    {
        await using var fake = new FakeReplicate();
        fake.AddModel("acme", "captioner", new FakeRunScript { Outputs = [FakeOutput.FromText("a cat on a mat")] });
        using var client = Clients.For(fake);

        var output = await client.RunAsync("acme/captioner", new { image = "data:," });

        output.AsString().Should().Be("a cat on a mat");
        var create = fake.Requests.Single(r => r.OperationId == "Models_PredictionsCreate");
        create.Header("Prefer").Should().StartWith("wait", "RunAsync asks the server to hold the response");
        fake.Requests.Should().NotContain(r => r.OperationId == "Predictions_Get", "the hold covered the whole run, so no poll was needed");
        fake.Predictions.Should().ContainSingle().Which.Status.Should().Be("succeeded");
    }

    [Test]
    public async Task A_prediction_moves_from_starting_to_processing_to_succeeded_as_the_clock_advances()
    {
        await using var fake = new FakeReplicate(new FakeReplicateOptions { AutoAdvance = false });
        fake.AddModel("acme", "slow", new FakeRunScript { QueueTime = TimeSpan.FromSeconds(5), RunTime = TimeSpan.FromSeconds(10) });
        using var client = Clients.For(fake);

        var operation = await client.CreatePredictionAsync("acme/slow", new { prompt = "x" });
        operation.Status.Should().Be(PredictionStatus.Starting);

        await fake.AdvanceAsync(TimeSpan.FromSeconds(5));
        (await operation.UpdateStatusAsync()).Status.Should().Be(PredictionStatus.Processing);
        fake.Predictions.Single().Status.Should().Be("processing");

        await fake.AdvanceAsync(TimeSpan.FromSeconds(10));
        var done = await operation.UpdateStatusAsync();
        done.Status.Should().Be(PredictionStatus.Succeeded);
        done.StartedAt.Should().NotBeNull();
        done.CompletedAt.Should().NotBeNull();
    }

    [Test]
    public async Task A_client_polling_on_the_fakes_clock_completes_when_the_test_drives_the_clock()
    {
        await using var fake = new FakeReplicate(new FakeReplicateOptions { AutoAdvance = false });
        fake.AddModel("acme", "long", new FakeRunScript { QueueTime = TimeSpan.FromSeconds(30), RunTime = TimeSpan.FromMinutes(3), Outputs = [FakeOutput.FromText("finally")] });
        using var client = Clients.For(fake);

        var output = await fake.RunUntilCompletedAsync(client.RunAsync("acme/long", new { prompt = "x" }));

        output.AsString().Should().Be("finally");
        fake.Requests.Count(r => r.OperationId == "Predictions_Get").Should().BePositive("a run longer than the 60 s hold is finished by polling");
    }

    [Test]
    public async Task A_failed_prediction_surfaces_its_error_and_logs()
    {
        await using var fake = new FakeReplicate();
        fake.AddModel("acme", "broken", new FakeRunScript { Logs = ["loading weights"], Error = "CUDA out of memory" });
        using var client = Clients.For(fake);

        var run = () => client.RunAsync("acme/broken", new { prompt = "x" });

        var failure = (await run.Should().ThrowAsync<ReplicateOperationFailedException>()).Which;
        failure.Error.Should().Be("CUDA out of memory");
        failure.Logs.Should().Contain("loading weights");
        failure.Id.Should().Be(fake.Predictions.Single().Id);
    }

    [Test]
    public async Task Cancel_After_passing_before_the_prediction_starts_aborts_it()
    {
        await using var fake = new FakeReplicate();
        fake.AddModel("acme", "queued", new FakeRunScript { QueueTime = TimeSpan.FromMinutes(2) });
        using var client = Clients.For(fake);

        var operation = await client.CreatePredictionAsync("acme/queued", new { prompt = "x" }, new PredictionCreateOptions { CancelAfter = TimeSpan.FromSeconds(30), Wait = TimeSpan.FromSeconds(60) });

        operation.Status.Should().Be(PredictionStatus.Aborted, "the deadline passed while it was still starting");
        operation.Value!.Deadline.Should().NotBeNull("the response carries the deadline");
        fake.Requests.Single(r => r.OperationId == "Models_PredictionsCreate").Header("Cancel-After").Should().Be("30s");
    }

    [Test]
    public async Task Cancel_After_passing_while_the_prediction_runs_cancels_it()
    {
        await using var fake = new FakeReplicate();
        fake.AddModel("acme", "long", new FakeRunScript { RunTime = TimeSpan.FromMinutes(5) });
        using var client = Clients.For(fake);

        var operation = await client.CreatePredictionAsync("acme/long", new { prompt = "x" }, new PredictionCreateOptions { CancelAfter = TimeSpan.FromSeconds(20), Wait = TimeSpan.FromSeconds(60) });

        operation.Status.Should().Be(PredictionStatus.Canceled);
        var wait = () => operation.WaitForCompletionAsync();
        await wait.Should().ThrowAsync<ReplicateOperationCanceledException>("a canceled prediction is a distinct outcome, never a null output");
    }

    [Test]
    public async Task Canceling_a_running_prediction_ends_it_canceled_and_keeps_its_logs()
    {
        await using var fake = new FakeReplicate(new FakeReplicateOptions { AutoAdvance = false });
        fake.AddModel("acme", "long", new FakeRunScript { QueueTime = TimeSpan.Zero, RunTime = TimeSpan.FromSeconds(10), Logs = ["step 1", "step 2", "step 3", "step 4"] });
        using var client = Clients.For(fake);
        var operation = await client.CreatePredictionAsync("acme/long", new { prompt = "x" });
        await fake.AdvanceAsync(TimeSpan.FromSeconds(5));

        var canceled = await operation.CancelAsync();

        canceled.Status.Should().Be(PredictionStatus.Canceled);
        canceled.Logs.Should().Contain("step 2").And.NotContain("step 3", "it stopped halfway");
        await fake.AdvanceAsync(TimeSpan.FromMinutes(1));
        fake.Predictions.Single().Status.Should().Be("canceled", "a canceled prediction stays canceled");
    }

    [Test]
    public async Task Progress_comes_from_the_tqdm_lines_the_model_prints()
    {
        await using var fake = new FakeReplicate(new FakeReplicateOptions { AutoAdvance = false });
        fake.AddModel("acme", "steps", new FakeRunScript { RunTime = TimeSpan.FromSeconds(40), ProgressSteps = 4 });
        using var client = Clients.For(fake);
        var seen = new List<ReplicateProgress>();
        var progress = new SynchronousProgress(seen);

        var operation = await client.CreatePredictionAsync("acme/steps", new { prompt = "x" });
        await fake.RunUntilCompletedAsync(operation.WaitForCompletionAsync(progress: progress), step: TimeSpan.FromSeconds(5));

        seen.Select(p => p.Percent).Where(p => p is not null).Should().BeInAscendingOrder().And.Contain(100);
        seen.Where(p => p.Percent is > 0 and < 100).Should().NotBeEmpty("progress is reported while the model runs");
        fake.Predictions.Single().Logs.Should().Contain("100%|██████████| 4/4");
    }

    [Test]
    public async Task A_version_reference_creates_through_the_predictions_endpoint()
    {
        await using var fake = new FakeReplicate();
        fake.AddModel(new FakeModel("acme", "pinned") { VersionId = new string('a', 64) });
        using var client = Clients.For(fake);

        var output = await client.RunAsync("acme/pinned:" + new string('a', 64), new { prompt = "x" });

        output.AsString().Should().Be("done");
        var create = fake.Requests.Single(r => r.OperationId == "Predictions_Create");
        create.BodyText.Should().Contain(new string('a', 64));
        fake.Predictions.Single().Version.Should().Be(new string('a', 64));
    }

    [Test]
    public async Task An_unknown_model_is_a_404_and_an_unknown_version_a_422()
    {
        await using var fake = new FakeReplicate();
        using var client = Clients.For(fake);

        var model = () => client.RunAsync("nobody/nothing", new { prompt = "x" });
        var version = () => client.RunAsync("nobody/nothing:" + new string('b', 64), new { prompt = "x" });

        (await model.Should().ThrowAsync<Replicate.Client.Errors.ReplicateApiException>()).Which.StatusCode.Should().Be(404);
        (await version.Should().ThrowAsync<Replicate.Client.Errors.ReplicateApiException>()).Which.StatusCode.Should().Be(422);
        fake.Predictions.Should().BeEmpty();
    }

    [Test]
    public async Task A_training_succeeds_and_adds_its_version_to_the_destination()
    {
        await using var fake = new FakeReplicate();
        fake.AddModel("acme", "base");
        fake.AddModel("acme", "tuned");
        using var client = Clients.For(fake);

        var version = (await client.Models.GetAsync("acme", "base")).LatestVersion!.Id;
        var training = await client.CreateTrainingAsync(ModelReference.Parse("acme/base:" + version), "acme/tuned", new { steps = 10 });
        var done = await fake.RunUntilCompletedAsync(training.WaitForCompletionAsync());

        done.Status.Should().Be(PredictionStatus.Succeeded);
        done.Output!.Version.Should().NotBeNullOrEmpty();
        (await client.Models.GetAsync("acme", "tuned")).LatestVersion!.Id.Should().Be(done.Output.Version!.Split(':')[^1]);
        fake.Trainings.Single().Destination.Should().Be("acme/tuned");
    }

    private sealed class SynchronousProgress(List<ReplicateProgress> seen) : IProgress<ReplicateProgress>
    {
        public void Report(ReplicateProgress value)
        {
            lock (seen)
            {
                seen.Add(value);
            }
        }
    }
}
