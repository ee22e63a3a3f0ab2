using System.Text.Json.Nodes;
using Quickstart;
using Replicate.Client;
using Replicate.Client.Errors;
using Replicate.Consumer.Tests.Loopback;

namespace Replicate.Consumer.Tests;

/// <summary>
/// The packages at work, as a downstream team uses them: the README's examples (samples/Quickstart/Examples.cs, compiled
/// here against the packages) against a fake Replicate on loopback. Console output is captured, so the tests run one
/// at a time.
/// </summary>
[NonParallelizable]
public class ConsumerSmokeTests
{
    private const string Token = "r8_ConsumerSmokeTestToken0123456789abcdef";

    private ScriptedReplicate _api = null!;
    private ReplicateClient _replicate = null!;
    private StringWriter _console = null!;
    private TextWriter _stdout = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _api = await ScriptedReplicate.StartAsync();
        _replicate = new ReplicateClient(new ReplicateClientOptions { ApiToken = Token, BaseAddress = _api.ApiBase });
        _stdout = Console.Out;
        _console = new StringWriter();
        Console.SetOut(TextWriter.Synchronized(_console));
    }

    [TearDown]
    public async Task StopAsync()
    {
        Console.SetOut(_stdout);
        _console.Dispose();
        _replicate.Dispose();
        await _api.DisposeAsync();
    }

    [Test]
    public async Task A_prediction_is_created_then_polled_until_it_succeeds()
    {
        _api.Respond(201, Bodies.Prediction("p1", "starting"))
            .Respond(200, Bodies.Prediction("p1", "processing", logs: "loading\n 50%|█████     | 5/10"))
            .Respond(200, Bodies.Prediction("p1", "succeeded", output: "\"{root}files/out.png\""));

        var prediction = await Examples.WaitWithProgressAsync(_replicate, new Uri("https://example.test/in.png"));

        prediction.Status.ToString().Should().Be("succeeded");
        _api.Requests.Select(r => r.Line).Should().Equal(
            "POST /v1/models/nightmareai/real-esrgan/predictions", "GET /v1/predictions/p1", "GET /v1/predictions/p1");
        _api.Requests.Should().OnlyContain(r => r.Headers["Authorization"] == "Bearer " + Token, "every API request is authenticated");
        var input = JsonNode.Parse(_api.Requests[0].Text)!["input"]!;
        input["scale"]!.GetValue<int>().Should().Be(4);
        input["image"]!.GetValue<string>().Should().Be("https://example.test/in.png");
        _console.ToString().Should().Contain("p1: succeeded");
    }

    [Test]
    public async Task A_list_is_read_across_pages_by_following_next_urls()
    {
        _api.Respond(200, Bodies.Page("cursor=c2", "a", "b")).Respond(200, Bodies.Page(null, "c"))
            .Respond(200, Bodies.Page("cursor=c2", "a", "b")).Respond(200, Bodies.Page(null, "c"));

        var ids = await Examples.ListPredictionsAsync(_replicate);

        ids.Should().Equal("a", "b", "c");
        _api.Requests.Select(r => r.Line).Should().Equal(
            "GET /v1/predictions", "GET /v1/predictions?cursor=c2", "GET /v1/predictions", "GET /v1/predictions?cursor=c2");
        _console.ToString().Should().Contain($"2 predictions; the next page: {_api.ApiBase}predictions?cursor=c2")
            .And.Contain("1 predictions; the next page: none");
    }

    [Test]
    public async Task A_model_runs_with_a_held_create_and_its_output_file_is_saved()
    {
        _api.Respond(201, Bodies.Prediction("p2", "succeeded", output: "[\"{root}files/out.png\"]"))
            .Respond(200, "PNG!", "image/png");
        var folder = Directory.CreateTempSubdirectory("replicate-consumer-").FullName;
        try
        {
            var saved = await Examples.RunModelAsync(_replicate, "an astronaut riding a horse", folder);

            saved.Should().Equal(Path.Combine(folder, "out.png"));
            File.ReadAllText(saved[0]).Should().Be("PNG!");
            _api.Requests.Select(r => r.Line).Should().Equal("POST /v1/models/black-forest-labs/flux-schnell/predictions", "GET /files/out.png");
            _api.Requests[0].Headers["Prefer"].Should().StartWith("wait", "a run asks the server to hold the create until the output is ready");
            JsonNode.Parse(_api.Requests[0].Text)!["input"]!["prompt"]!.GetValue<string>().Should().Be("an astronaut riding a horse");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task A_language_model_streams_its_tokens_in_order()
    {
        _api.Respond(201, Bodies.Prediction("p3", "starting", stream: true))
            .Respond(200, "event: output\ndata: Hello\n\nevent: logs\ndata: warming up\n\nevent: output\ndata: , world\n\nevent: done\ndata: {}\n\n", "text/event-stream");

        await Examples.StreamAsync(_replicate, "say hello");

        _console.ToString().Should().Be("Hello, world", "output events are written in order and logs are left out");
        _api.Requests.Select(r => r.Line).Should().Equal("POST /v1/models/meta/meta-llama-3-8b-instruct/predictions", "GET /stream/p3");
        _api.Requests[1].Headers["Accept"].Should().Be("text/event-stream");
    }

    [Test]
    public async Task An_uploaded_file_is_passed_to_a_model_by_its_url()
    {
        _api.Respond(201, Bodies.File("f1"))
            .Respond(201, Bodies.Prediction("p4", "succeeded", output: "[\"{root}files/big.png\"]"));
        var photo = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(photo, "PNG!");

            var upscaled = await Examples.UploadAndRunAsync(_replicate, photo);

            upscaled.Should().Be(new Uri(_api.Root, "files/big.png"));
            _api.Requests[0].Line.Should().Be("POST /v1/files");
            _api.Requests[0].Headers["Content-Type"].Should().StartWith("multipart/form-data");
            _api.Requests[0].Text.Should().Contain("PNG!");
            JsonNode.Parse(_api.Requests[1].Text)!["input"]!["image"]!.GetValue<string>().Should().Be($"{_api.ApiBase}files/f1");
        }
        finally
        {
            File.Delete(photo);
        }
    }

    [Test]
    public async Task Failures_arrive_as_typed_exceptions_with_what_the_server_said()
    {
        _api.Respond(404, """{"title":"Not found","detail":"No prediction p404","status":404}""", "application/problem+json", ("X-Request-Id", "req-7"))
            .Respond(200, Bodies.Prediction("p5", "failed", error: "CUDA out of memory"));

        var missing = await Examples.DescribeFailureAsync(_replicate, "p404");
        var failed = await Examples.DescribeFailureAsync(_replicate, "p5");

        missing.Should().Be("404 Not found: No prediction p404 (request req-7)");
        failed.Should().Be("failed: CUDA out of memory");
    }

    [Test]
    public async Task A_call_under_DisableRetries_is_sent_once_even_when_the_server_fails()
    {
        _api.Respond(503, """{"title":"Unavailable","status":503}""", "application/problem+json");

        var cancel = () => Examples.CancelOnceAsync(Token, _api.ApiBase, "p6");

        (await cancel.Should().ThrowAsync<ReplicateApiException>()).Which.StatusCode.Should().Be(503);
        _api.Requests.Select(r => r.Line).Should().Equal(["POST /v1/predictions/p6/cancel"], "a 503 is retried by default, but not under DisableRetries");
    }

    [Test]
    public async Task The_generated_clients_work_alone_over_a_plain_HttpClient()
    {
        _api.Respond(200, Bodies.Prediction("p7", "processing"));

        var status = await Examples.GetWithGeneratedClientAsync(Token, _api.ApiBase, "p7");

        status.Should().Be("processing");
        _api.Requests.Single().Line.Should().Be("GET /v1/predictions/p7");
        _api.Requests.Single().Headers["Authorization"].Should().Be("Bearer " + Token);
    }

    [Test]
    public async Task The_Kiota_flavour_sends_through_the_pipeline_and_searches_with_QUERY()
    {
        _api.Respond(503, """{"title":"Service Unavailable","status":503}""")
            .Respond(200, Bodies.Prediction("p8", "aborted"))
            .Respond(200, """{"next":null,"previous":null,"results":[{"url":"https://replicate.com/acme/upscaler","owner":"acme","name":"upscaler","visibility":"public","run_count":1}]}""");

        var status = await Examples.GetWithKiotaClientAsync(Token, _api.ApiBase, "p8");

        status.Should().Be("aborted", "a status the spec does not list still reads");
        _api.Requests.Select(r => r.Line).Should().Equal(
            ["GET /v1/predictions/p8", "GET /v1/predictions/p8", "QUERY /v1/models"], "the 503 is retried by the pipeline; the search goes out as QUERY");
        _api.Requests.Should().OnlyContain(r => r.Headers["Authorization"] == "Bearer " + Token);
        _api.Requests[2].Text.Should().Be("upscale faces");
        _console.ToString().Should().Contain("p8: aborted").And.Contain("acme/upscaler");
    }

    [Test]
    public async Task The_readme_test_double_stands_in_for_the_client_with_no_server()
    {
        using var fake = new Mocking.StubReplicateClient();

        var described = await Examples.DescribeAsync(fake, "p1");

        described.Should().Be("p1: a cat");
        _api.Requests.Should().BeEmpty("the double sends nothing");
    }

    [Test]
    public void The_client_resolves_from_a_service_collection_with_its_options()
    {
        Examples.ResolveFromServices(Token, _api.ApiBase).Should().Be("my-service/1.0");
    }
}
