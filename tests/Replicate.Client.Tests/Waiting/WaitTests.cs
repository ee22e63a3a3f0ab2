using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Replicate.Client.Predictions;
using Replicate.Client.Waiting;
using Replicate.Testing;

namespace Replicate.Client.Tests.Waiting;

/// <summary>Status sequences, outcomes, progress, timeout vs cancellation vs remote cancel — with a fake clock.</summary>
public class WaitTests
{
    private static string With(string status, string? output = null, string? error = null, string? logs = null)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(TestClients.Prediction)!;
        json["status"] = status;
        json["output"] = output is null ? null : System.Text.Json.Nodes.JsonNode.Parse(output);
        json["error"] = error;
        json["logs"] = logs;
        return json.ToJsonString();
    }

    [Test]
    public async Task Starting_then_processing_then_succeeded_returns_the_final_prediction()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(200, With("starting")).Respond(200, With("processing")).Respond(200, With("succeeded", "\"done\""));
        var time = new FakeTimeProvider();
        using var client = TestClients.For(server, time);

        var prediction = await client.GetPredictionOperation("p1").WaitForCompletionAsync();

        prediction.Status.ToString().Should().Be("succeeded");
        new PredictionOutput(prediction.Output).AsString().Should().Be("done");
        server.Requests.Should().HaveCount(3).And.OnlyContain(r => r.Method == "GET" && r.PathAndQuery == "/v1/predictions/p1");
        time.AutoAdvanced.Should().Equal(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(0.5));
    }

    [Test]
    public async Task Failed_throws_with_the_prediction_its_error_and_logs()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(200, With("processing")).Respond(200, With("failed", error: "CUDA out of memory", logs: "loading\ncrash"));
        using var client = TestClients.For(server);

        var thrown = await FluentActions.Awaiting(() => client.GetPredictionOperation("p1").WaitForCompletionAsync()).Should().ThrowAsync<ReplicateOperationFailedException>();

        thrown.Which.Id.Should().Be("p1");
        thrown.Which.Error.Should().Be("CUDA out of memory");
        thrown.Which.Logs.Should().Contain("crash");
        thrown.Which.Prediction!.Status.ToString().Should().Be("failed");
        thrown.Which.Message.Should().Be("The prediction p1 failed: CUDA out of memory");
    }

    [Test]
    public async Task Canceled_and_aborted_are_distinct_outcomes()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(200, With("canceled")).Respond(200, With("aborted"));
        using var client = TestClients.For(server);

        await FluentActions.Awaiting(() => client.GetPredictionOperation("p1").WaitForCompletionAsync()).Should().ThrowAsync<ReplicateOperationCanceledException>();
        var aborted = await FluentActions.Awaiting(() => client.GetPredictionOperation("p1").WaitForCompletionAsync()).Should().ThrowAsync<ReplicateOperationAbortedException>();
        aborted.Which.Status.ToString().Should().Be("aborted");
    }

    [Test]
    public async Task An_unknown_status_ends_the_wait_and_keeps_the_raw_status()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(200, With("processing")).Respond(200, With("brand_new_status"));
        using var client = TestClients.For(server);
        var operation = client.GetPredictionOperation("p1");

        var thrown = await FluentActions.Awaiting(() => operation.WaitForCompletionAsync()).Should().ThrowAsync<ReplicateOperationStatusException>();

        thrown.Which.Status.ToString().Should().Be("brand_new_status");
        operation.Status.ToString().Should().Be("brand_new_status");
        operation.HasCompleted.Should().BeTrue();
        server.Requests.Should().HaveCount(2, "polling stops at the first status that is neither starting nor processing");
    }

    [Test]
    public async Task A_held_create_answered_201_processing_with_partial_output_keeps_polling()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(201, With("processing", """["The"]"""))
            .Respond(200, With("processing", """["The","cat"]"""))
            .Respond(200, With("succeeded", """["The","cat","sat"]"""));
        using var client = TestClients.For(server);

        var output = await client.RunAsync("acme/llm", new { prompt = "x" });

        output.AsText().Should().Be("Thecatsat", "partial output from the held response is never returned");
        server.Requests[0].Headers["Prefer"].Should().Be("wait");
        server.Requests.Should().HaveCount(3);
    }

    [Test]
    public async Task A_create_answered_202_starting_is_followed_to_completion()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(202, With("starting")).Respond(200, With("succeeded", """["https://replicate.delivery/a.png","https://replicate.delivery/b.png"]"""));
        using var client = TestClients.For(server);

        var output = await client.RunAsync("acme/sdxl:v1", new { prompt = "x" });

        output.AsUris().Select(u => u.AbsolutePath).Should().Equal("/a.png", "/b.png");
    }

    [Test]
    public async Task A_transient_503_while_polling_is_retried_by_the_pipeline_and_the_wait_goes_on()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(200, With("processing")).Respond(503).Respond(200, With("succeeded", "1"));
        using var client = TestClients.For(server);

        var prediction = await client.GetPredictionOperation("p1").WaitForCompletionAsync();

        prediction.Status.ToString().Should().Be("succeeded");
        server.Requests.Should().HaveCount(3);
    }

    [Test]
    public async Task A_poll_that_fails_after_the_pipelines_retries_costs_that_poll_not_the_wait()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(201, With("starting"));
        for (var i = 0; i < 4; i++)
        {
            server.Respond(503, """{"detail":"overloaded"}""", "application/problem+json");
        }

        server.Reset().Reset().Reset().Reset();
        server.Respond(200, With("succeeded", "\"done\""));
        using var client = TestClients.For(server);

        var output = await client.RunAsync("acme/m", new { prompt = "x" });

        output.AsString().Should().Be("done", "two failed polls (each after four attempts) did not end the wait");
        server.Requests.Should().HaveCount(1 + 4 + 4 + 1);
    }

    [Test]
    public async Task Polls_that_keep_failing_stop_the_wait_with_the_id_to_resume_from()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(201, With("starting"));
        for (var i = 0; i < 3 * 4; i++)
        {
            server.Respond(502, null);
        }

        using var client = TestClients.For(server);

        var thrown = await FluentActions.Awaiting(() => client.RunAsync("acme/m", new { prompt = "x" }, new WaitOptions { MaxConsecutivePollFailures = 3 }))
            .Should().ThrowAsync<ReplicateWaitInterruptedException>();

        thrown.Which.Id.Should().Be("p1", "the prediction was created and paid for: the caller resumes with its id");
        thrown.Which.FailedPolls.Should().Be(3);
        thrown.Which.InnerException.Should().BeOfType<Replicate.Client.Errors.ReplicateApiException>();
        thrown.Which.Message.Should().Contain("p1").And.Contain("resume");
        server.Requests.Should().HaveCount(1 + (3 * 4));
    }

    [Test]
    public async Task A_client_error_while_polling_still_ends_the_wait_at_once()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(200, With("processing")).Respond(404, """{"detail":"Not found."}""", "application/problem+json");
        using var client = TestClients.For(server);

        await FluentActions.Awaiting(() => client.GetPredictionOperation("p1").WaitForCompletionAsync())
            .Should().ThrowAsync<Replicate.Client.Errors.ReplicateApiException>().Where(e => e.StatusCode == 404);
        server.Requests.Should().HaveCount(2);
    }

    [Test]
    public async Task The_wait_timeout_is_its_own_exception_and_the_prediction_goes_on()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(context => Respond(context, With("processing")));
        for (var i = 0; i < 200; i++)
        {
            server.Respond(context => Respond(context, With("processing")));
        }

        var time = new FakeTimeProvider { AutoAdvanceBelow = TimeSpan.FromSeconds(5) };
        using var client = TestClients.For(server, time);

        var thrown = await FluentActions.Awaiting(() => client.GetPredictionOperation("p1").WaitForCompletionAsync(new WaitOptions { Timeout = TimeSpan.FromSeconds(10) }))
            .Should().ThrowAsync<ReplicateWaitTimeoutException>();

        thrown.Which.LastStatus.Should().Be("processing");
        thrown.Which.Id.Should().Be("p1");
        server.Requests.Should().NotContain(r => r.Method == "POST", "a local timeout does not cancel the prediction");
    }

    [Test]
    public async Task Caller_cancellation_surfaces_as_cancellation_without_a_remote_cancel_by_default()
    {
        await using var server = await ScriptedServer.StartAsync();
        using var cts = new CancellationTokenSource();
        server.Respond(200, With("processing")).Respond(context =>
        {
            cts.Cancel();
            return Respond(context, With("processing"));
        });
        using var client = TestClients.For(server);

        await FluentActions.Awaiting(() => client.GetPredictionOperation("p1").WaitForCompletionAsync(cancellationToken: cts.Token))
            .Should().ThrowAsync<OperationCanceledException>();

        server.Requests.Should().OnlyContain(r => r.Method == "GET");
    }

    [Test]
    public async Task Caller_cancellation_can_cancel_the_prediction_remotely_first()
    {
        await using var server = await ScriptedServer.StartAsync();
        using var cts = new CancellationTokenSource();
        server.Respond(200, With("processing")).Respond(context =>
        {
            cts.Cancel();
            return Respond(context, With("processing"));
        }).Respond(200, With("canceled"));

        // The remote cancel has its own 30 s deadline: keep that timer manual so it does not fire at once.
        using var client = TestClients.For(server, new FakeTimeProvider { AutoAdvanceBelow = TimeSpan.FromSeconds(10) });

        await FluentActions.Awaiting(() => client.GetPredictionOperation("p1").WaitForCompletionAsync(new WaitOptions { CancelRemotelyOnCancellation = true }, cancellationToken: cts.Token))
            .Should().ThrowAsync<OperationCanceledException>();

        server.Requests.Last().Method.Should().Be("POST");
        server.Requests.Last().PathAndQuery.Should().Be("/v1/predictions/p1/cancel");
    }

    [Test]
    public async Task Progress_reports_percent_and_steps_from_the_last_progress_line_of_the_logs()
    {
        await using var server = await ScriptedServer.StartAsync();
        const string Bar1 = "loading weights\n 10%|█         | 5/50 [00:01<00:09,  5.00it/s]";
        const string Bar2 = Bar1 + "\n 60%|██████    | 30/50 [00:06<00:04,  5.00it/s]";
        server.Respond(200, With("starting")).Respond(200, With("processing", logs: Bar1)).Respond(200, With("processing", logs: Bar2)).Respond(200, With("succeeded", "1", logs: Bar2 + "\n100%|██████████| 50/50"));
        using var client = TestClients.For(server);
        var reports = new ConcurrentQueue<ReplicateProgress>();

        await client.GetPredictionOperation("p1").WaitForCompletionAsync(progress: new SyncProgress(reports.Enqueue));

        reports.Select(r => (r.Status, r.Percent, r.Current, r.Total)).Should().Equal(
            ("starting", (int?)null, (long?)null, (long?)null),
            ("processing", 10, 5L, 50L),
            ("processing", 60, 30L, 50L),
            ("succeeded", 100, 50L, 50L));
    }

    [Test]
    public async Task Update_status_and_cancel_keep_the_latest_state()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(200, With("processing")).Respond(200, With("canceled"));
        using var client = TestClients.For(server);
        var operation = client.GetPredictionOperation("p1");

        operation.Value.Should().BeNull("nothing is fetched until asked");
        await operation.UpdateStatusAsync();
        operation.HasCompleted.Should().BeFalse();
        await operation.CancelAsync();

        operation.Status.ToString().Should().Be("canceled");
        operation.HasCompleted.Should().BeTrue();
        operation.HasSucceeded.Should().BeFalse();
    }

    [Test]
    public async Task A_training_waits_the_same_way()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(200, """{"id":"t1","status":"processing"}""").Respond(200, """{"id":"t1","status":"succeeded","output":{"version":"acme/tuned:v2"}}""");
        using var client = TestClients.For(server);

        var training = await client.GetTrainingOperation("t1").WaitForCompletionAsync();

        training.Output!.Version.Should().Be("acme/tuned:v2");
        server.Requests.Should().OnlyContain(r => r.PathAndQuery == "/v1/trainings/t1");
    }

    private static Task Respond(HttpContext context, string body)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body);
    }

    private sealed class SyncProgress(Action<ReplicateProgress> report) : IProgress<ReplicateProgress>
    {
        public void Report(ReplicateProgress value) => report(value);
    }
}
