namespace Replicate.Mcp.Tests;

/// <summary>MCP cancellation of a running <c>run_model</c> cancels the prediction at the API, and the audit log says so.</summary>
public class CancellationTests
{
    [Test]
    public async Task Cancelling_the_call_posts_the_prediction_cancel()
    {
        await using var server = await McpHarness.StartAsync(fake => fake.AddModel("acme", "slow", new FakeRunScript { RunTime = TimeSpan.FromHours(1), ProgressSteps = 100 }));
        using var cancel = new CancellationTokenSource();

        var call = server.CallAsync("run_model", new { model = "acme/slow", input = new { prompt = "x" } }, cancellationToken: cancel.Token);
        (await ResultText.EventuallyAsync(() => server.Fake.Requests.Any(r => r.OperationId == "Predictions_Get"))).Should().BeTrue("the server is polling the running prediction");
        await cancel.CancelAsync();

        await call.Invoking(async c => await c).Should().ThrowAsync<OperationCanceledException>();
        var id = server.Fake.Predictions.Single().Id;
        (await ResultText.EventuallyAsync(() => server.Fake.Requests.Any(r => r.OperationId == "Predictions_Cancel" && r.Path.Contains(id, StringComparison.Ordinal))))
            .Should().BeTrue("notifications/cancelled makes the server POST /predictions/{id}/cancel");
        server.Fake.Predictions.Single().Status.Should().Be("canceled");
        (await ResultText.EventuallyAsync(() => server.AuditLines().Any(l => l.GetProperty("tool").GetString() == "run_model")))
            .Should().BeTrue("the cancelled call is audited");
        var line = server.AuditLines().Single(l => l.GetProperty("tool").GetString() == "run_model");
        line.GetProperty("outcome").GetString().Should().Be("cancelled");
        line.GetProperty("prediction_id").GetString().Should().Be(id);
    }
}
