using System.Text.Json.Nodes;
using Replicate.Client.Errors;
using Replicate.Client.Predictions;
using Replicate.Generated;
using Replicate.Testing;

namespace Replicate.Client.Tests.Predictions;

/// <summary>How creates go on the wire: endpoint per reference kind, input, webhook, Prefer and Cancel-After.</summary>
public class CreatePredictionTests
{
    private static string Created(string status = "starting") => TestClients.Prediction.Replace("\"succeeded\"", $"\"{status}\"", StringComparison.Ordinal);

    [Test]
    public async Task A_model_without_version_goes_to_the_models_predictions_endpoint()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(201, Created());
        using var client = TestClients.For(server);

        var operation = await client.CreatePredictionAsync("acme/upscaler", new Dictionary<string, object> { ["scale"] = 4 });

        operation.Id.Should().Be("p1");
        operation.Status.ToString().Should().Be("starting");
        var request = server.Requests.Single();
        request.PathAndQuery.Should().Be("/v1/models/acme/upscaler/predictions");
        JsonNode.Parse(request.Body)!["input"]!["scale"]!.GetValue<int>().Should().Be(4);
        request.Headers.ContainsKey("Prefer").Should().BeFalse();
    }

    [Test]
    public async Task A_pinned_version_or_a_bare_version_id_goes_to_predictions_with_the_version()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(201, Created()).Respond(202, Created());
        using var client = TestClients.For(server);

        await client.CreatePredictionAsync("acme/upscaler:abc123", new { prompt = "x" });
        await client.CreatePredictionAsync("def456", new { prompt = "y" });

        server.Requests.Select(r => r.PathAndQuery).Should().Equal("/v1/predictions", "/v1/predictions");
        JsonNode.Parse(server.Requests[0].Body)!["version"]!.GetValue<string>().Should().Be("abc123");
        JsonNode.Parse(server.Requests[1].Body)!["version"]!.GetValue<string>().Should().Be("def456");
        JsonNode.Parse(server.Requests[1].Body)!["input"]!["prompt"]!.GetValue<string>().Should().Be("y", "any serializable object is an input");
    }

    [Test]
    public async Task A_deployment_prediction_goes_to_the_deployment()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(201, Created());
        using var client = TestClients.For(server);

        await client.CreateDeploymentPredictionAsync("acme", "prod-sdxl", new { prompt = "x" });

        server.Requests.Single().PathAndQuery.Should().Be("/v1/deployments/acme/prod-sdxl/predictions");
    }

    [Test]
    public async Task Webhook_and_its_event_filter_are_sent_as_strings()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(201, Created());
        using var client = TestClients.For(server);

        await client.CreatePredictionAsync("acme/m", new { }, new PredictionCreateOptions
        {
            Webhook = new Uri("https://example.test/hooks/replicate"),
            WebhookEventsFilter = [WebhookEventType.Start, WebhookEventType.Completed],
        });

        var body = JsonNode.Parse(server.Requests.Single().Body)!;
        body["webhook"]!.GetValue<string>().Should().Be("https://example.test/hooks/replicate");
        body["webhook_events_filter"]!.ToJsonString().Should().Be("""["start","completed"]""");
    }

    [TestCase(-1.0, "wait")]
    [TestCase(5.0, "wait=5")]
    [TestCase(0.2, "wait=1")]
    [TestCase(2.5, "wait=3")]
    [TestCase(60.0, "wait=60")]
    [TestCase(120.0, "wait=60")]
    public async Task Prefer_wait_is_bare_or_clamped_to_1_to_60_seconds(double seconds, string header)
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(201, Created("succeeded"));
        using var client = TestClients.For(server);

        await client.CreatePredictionAsync("acme/m", new { }, new PredictionCreateOptions { Wait = seconds < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds) });

        server.Requests.Single().Headers["Prefer"].Should().Be(header);
    }

    [TestCase(5, "5s")]
    [TestCase(45, "45s")]
    [TestCase(300, "5m")]
    [TestCase(5400, "1h30m")]
    [TestCase(3725, "1h2m5s")]
    public async Task Cancel_after_is_formatted_as_the_api_expects(int seconds, string header)
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(201, Created());
        using var client = TestClients.For(server);

        await client.CreatePredictionAsync("acme/m", new { }, new PredictionCreateOptions { CancelAfter = TimeSpan.FromSeconds(seconds) });

        server.Requests.Single().Headers["Cancel-After"].Should().Be(header);
    }

    [Test]
    public async Task Cancel_after_under_five_seconds_is_refused_before_anything_is_sent()
    {
        await using var server = await ScriptedServer.StartAsync();
        using var client = TestClients.For(server);

        var act = () => client.CreatePredictionAsync("acme/m", new { }, new PredictionCreateOptions { CancelAfter = TimeSpan.FromSeconds(4.9) });

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>().WithMessage("*at least 5 s*");
        server.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task The_http_timeout_of_a_held_create_exceeds_the_hold_so_the_client_never_races_the_server()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Hang();
        var time = new FakeTimeProvider { AutoAdvanceBelow = TimeSpan.Zero };
        using var client = TestClients.For(server, time, o => o.NetworkTimeout = TimeSpan.FromSeconds(10));

        var create = client.CreatePredictionAsync("acme/m", new { }, new PredictionCreateOptions { Wait = TimeSpan.FromSeconds(60) });
        await server.WaitForRequestsAsync(1);
        time.Advance(TimeSpan.FromSeconds(61));
        await Task.Delay(50);
        create.IsCompleted.Should().BeFalse("the server may hold the response for 60 s; a 10 s timeout would race it");

        time.Advance(TimeSpan.FromSeconds(15));
        var thrown = await FluentActions.Awaiting(() => create).Should().ThrowAsync<ReplicateTimeoutException>();
        thrown.Which.Timeout.Should().Be(TimeSpan.FromSeconds(75));
        server.Requests.Should().ContainSingle("a timed-out create is never re-sent");
    }

    [Test]
    public async Task Input_is_required_and_must_be_a_json_object_before_any_request()
    {
        await using var server = await ScriptedServer.StartAsync();
        using var client = TestClients.For(server);

        await FluentActions.Awaiting(() => client.CreatePredictionAsync<object>("acme/m", null!)).Should().ThrowAsync<ArgumentNullException>();
        await FluentActions.Awaiting(() => client.CreatePredictionAsync("acme/m", default(System.Text.Json.JsonElement)))
            .Should().ThrowAsync<ArgumentException>().WithMessage("*JSON object*");
        await FluentActions.Awaiting(() => client.CreatePredictionAsync("acme/m", new[] { "not", "an", "object" }))
            .Should().ThrowAsync<ArgumentException>().WithMessage("*not a JSON array*");
        server.Requests.Should().BeEmpty("bad input costs no request");
    }

    [Test]
    public async Task A_training_needs_a_version_and_goes_to_the_version_trainings_endpoint()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(201, """{"id":"t1","status":"starting"}""");
        using var client = TestClients.For(server);

        await FluentActions.Awaiting(() => client.CreateTrainingAsync(ModelReference.Parse("acme/base"), "acme/tuned", new { })).Should().ThrowAsync<ArgumentException>().WithMessage("*needs a version*");
        var training = await client.CreateTrainingAsync(ModelReference.Parse("acme/base:v9"), "acme/tuned", new { steps = 100 });

        training.Id.Should().Be("t1");
        server.Requests.Single().PathAndQuery.Should().Be("/v1/models/acme/base/versions/v9/trainings");
        JsonNode.Parse(server.Requests.Single().Body)!["destination"]!.GetValue<string>().Should().Be("acme/tuned");
    }
}
