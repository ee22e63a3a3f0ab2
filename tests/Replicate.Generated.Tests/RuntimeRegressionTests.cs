using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Replicate.Testing;

namespace Replicate.Generated.Tests;

/// <summary>
/// Bugs that compile fine and break at run time — each one measured with NSwag's raw output and fixed by the
/// normalizer, the NSwag settings or the hand-written partials.
/// </summary>
public class RuntimeRegressionTests
{
    private const string Prediction = """
        {"id":"p1","model":"acme/m","version":"hidden","input":{},"output":null,"data_removed":false,"error":null,
         "status":"STATUS","created_at":"2025-01-02T03:04:05Z","urls":{"get":"https://api.replicate.com/v1/predictions/p1","cancel":"https://api.replicate.com/v1/predictions/p1/cancel","web":"https://replicate.com/p/p1"}}
        """;

    [Test]
    public async Task Enum_values_are_written_lowercase_as_the_spec_spells_them()
    {
        var stub = new StubHandler(HttpStatusCode.Created);
        using var http = stub.Client();

        await new ModelsClient(http).CreateAsync(new ModelsCreateRequest { Owner = "o", Name = "n", Hardware = "cpu", Visibility = ModelVisibility.Public });

        stub.Requests.Single().BodyText.Should().Contain("\"visibility\":\"public\"").And.NotContain("Public");
    }

    [Test]
    public async Task Enum_arrays_are_written_as_strings_not_numbers()
    {
        var stub = new StubHandler(HttpStatusCode.Created, body: Prediction.Replace("STATUS", "starting", StringComparison.Ordinal));
        using var http = stub.Client();

        await new PredictionsClient(http).CreateAsync(new VersionPredictionRequest
        {
            Version = "v",
            Input = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["prompt"] = "x" }),
            WebhookEventsFilter = [WebhookEventType.Start, WebhookEventType.Completed],
        });

        stub.Requests.Single().BodyText.Should().Contain("\"webhook_events_filter\":[\"start\",\"completed\"]");
    }

    [Test]
    public async Task Unset_optional_properties_are_left_out_not_sent_as_null()
    {
        var stub = new StubHandler(HttpStatusCode.Created, body: Prediction.Replace("STATUS", "starting", StringComparison.Ordinal));
        using var http = stub.Client();

        await new PredictionsClient(http).CreateAsync(new VersionPredictionRequest { Version = "v", Input = JsonDocument.Parse("{}").RootElement });

        var body = stub.Requests.Single().BodyText;
        body.Should().NotContain("null");
        body.Should().NotContain("webhook").And.NotContain("stream");
    }

    [TestCase("aborted")]
    [TestCase("brand_new_status")]
    [TestCase("succeeded")]
    public async Task Any_prediction_status_the_server_sends_deserializes(string status)
    {
        var stub = new StubHandler(HttpStatusCode.OK, body: Prediction.Replace("STATUS", status, StringComparison.Ordinal));
        using var http = stub.Client();

        var prediction = await new PredictionsClient(http).GetAsync("p1");

        prediction.Status.ToString().Should().Be(status);
        prediction.Version.Should().Be("hidden", "version may be the string 'hidden', never validated as a hash");
    }

    [Test]
    public async Task Unknown_values_of_other_server_owned_sets_deserialize_too()
    {
        var stub = new StubHandler(HttpStatusCode.OK, body: """{"results":[{"owner":"a","name":"b","visibility":"unlisted"}],"next":null}""");
        using var http = stub.Client();

        var page = await new ModelsClient(http).ListAsync();

        page.Results!.Single().Visibility.ToString().Should().Be("unlisted");
    }

    [Test]
    public async Task Prediction_output_of_any_json_shape_is_kept()
    {
        var body = Prediction.Replace("STATUS", "succeeded", StringComparison.Ordinal).Replace("\"output\":null", "\"output\":[\"https://x/1.png\",{\"k\":2}]", StringComparison.Ordinal);
        var stub = new StubHandler(HttpStatusCode.OK, body: body);
        using var http = stub.Client();

        var prediction = await new PredictionsClient(http).GetAsync("p1");

        var output = prediction.Output.Should().BeOfType<JsonElement>().Subject;
        output.ValueKind.Should().Be(JsonValueKind.Array);
        output[0].GetString().Should().Be("https://x/1.png");
    }

    [Test]
    public async Task File_upload_with_only_the_content_works()
    {
        var stub = new StubHandler(HttpStatusCode.Created, body: """{"id":"f1","urls":{"get":"https://api.replicate.com/v1/files/f1"}}""");
        using var http = stub.Client();

        var file = await new FilesClient(http).CreateAsync(new FileParameter(new MemoryStream([1, 2, 3]), "a.bin"));

        file.Id.Should().Be("f1");
        var sent = stub.Requests.Single().BodyText;
        sent.Should().Contain("name=content").And.NotContain("name=filename").And.NotContain("name=metadata");
    }

    [Test]
    public async Task Readme_is_returned_as_text_not_parsed_as_json()
    {
        var stub = new StubHandler(HttpStatusCode.OK, "text/plain", "# Title\n\nNot { json");
        using var http = stub.Client();

        var readme = await new ModelsClient(http).ReadmeGetAsync("acme", "m");

        readme.Should().Be("# Title\n\nNot { json");
    }

    [Test]
    public async Task Problem_details_errors_surface_as_a_typed_ApiException_with_status_and_detail()
    {
        var stub = new StubHandler(HttpStatusCode.NotFound, "application/problem+json", """{"detail":"Not found.","status":404}""");
        using var http = stub.Client();

        var act = () => new FilesClient(http).GetAsync("nope");

        var thrown = await act.Should().ThrowAsync<ApiException>();
        thrown.Which.StatusCode.Should().Be(404);
        thrown.Which.Detail.Should().Be("Not found.", "the problem+json body is parsed into the error");
        thrown.Which.Operation.Should().Be("GET /files/{file_id}");
    }

    [Test]
    public void Every_generated_client_exposes_its_pipeline_to_the_library_without_a_hand_written_line()
    {
        // The clients the generator made from the document this build used, not a hand-kept list.
        var normalized = JsonNode.Parse(File.ReadAllText(RepoRoot.Combine("src", "Replicate.Generated", "obj", "generated", "replicate.normalized.json")))!;
        var tags = normalized["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject())
            .Where(o => o.Value is JsonObject op && op["tags"] is not null)
            .Select(o => o.Value!["tags"]![0]!.GetValue<string>()).Distinct().ToList();
        tags.Should().NotBeEmpty();
        using var http = new HttpClient();
        foreach (var tag in tags)
        {
            var type = typeof(PredictionsClient).Assembly.GetType("Replicate.Generated." + tag + "Client");
            type.Should().NotBeNull($"the tag {tag} must give a {tag}Client");
            var client = Activator.CreateInstance(type!, http)!;
            type!.GetProperty("HttpClient", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(client).Should().BeSameAs(http,
                $"{type.Name} must hand its HttpClient to the pagers and pollers (emitted by the generator for every client)");
        }
    }
}
