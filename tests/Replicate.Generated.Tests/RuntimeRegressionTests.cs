using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

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

        await new ModelsClient(http).CreateAsync(new ModelsCreateRequest { Owner = "o", Name = "n", Hardware = "cpu", Visibility = ModelsCreateRequestVisibility.Public });

        stub.Requests.Single().BodyText.Should().Contain("\"visibility\":\"public\"").And.NotContain("Public");
    }

    [Test]
    public async Task Enum_arrays_are_written_as_strings_not_numbers()
    {
        var stub = new StubHandler(HttpStatusCode.Created, body: Prediction.Replace("STATUS", "starting", StringComparison.Ordinal));
        using var http = stub.Client();

        await new PredictionsClient(http).CreateAsync(body: new VersionPredictionRequest
        {
            Version = "v",
            Input = new Dictionary<string, object> { ["prompt"] = "x" },
            Webhook_events_filter = [WebhookEventsFilter.Start, WebhookEventsFilter.Completed],
        });

        stub.Requests.Single().BodyText.Should().Contain("\"webhook_events_filter\":[\"start\",\"completed\"]");
    }

    [Test]
    public async Task Unset_optional_properties_are_left_out_not_sent_as_null()
    {
        var stub = new StubHandler(HttpStatusCode.Created, body: Prediction.Replace("STATUS", "starting", StringComparison.Ordinal));
        using var http = stub.Client();

        await new PredictionsClient(http).CreateAsync(body: new VersionPredictionRequest { Version = "v", Input = new Dictionary<string, object>() });

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

        prediction.Status.Should().Be(status);
        prediction.Version.Should().Be("hidden", "version may be the string 'hidden', never validated as a hash");
    }

    [Test]
    public async Task Unknown_values_of_other_server_owned_sets_deserialize_too()
    {
        var stub = new StubHandler(HttpStatusCode.OK, body: """{"results":[{"owner":"a","name":"b","visibility":"unlisted"}],"next":null}""");
        using var http = stub.Client();

        var page = await new ModelsClient(http).ListAsync();

        page.Results!.Single().Visibility.Should().Be("unlisted");
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

        var thrown = await act.Should().ThrowAsync<ApiException<ProblemDetails>>();
        thrown.Which.StatusCode.Should().Be(404);
        thrown.Which.Result.Detail.Should().Be("Not found.", "the problem+json body is parsed into the typed error");
    }

    [Test]
    public void Every_generated_client_applies_the_serializer_fixes()
    {
        var clients = typeof(PredictionsClient).Assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.Name.EndsWith("Client", StringComparison.Ordinal) && t.GetInterface("I" + t.Name) is not null)
            .ToList();

        clients.Select(t => t.Name).Should().BeEquivalentTo(
            ["AccountClient", "CollectionsClient", "DeploymentsClient", "FilesClient", "HardwareClient", "ModelsClient", "PredictionsClient", "SearchClient", "TrainingsClient", "WebhooksClient"]);
        using var http = new HttpClient();
        foreach (var type in clients)
        {
            var client = Activator.CreateInstance(type, http)!;
            var settings = (JsonSerializerOptions)type.GetProperty("JsonSerializerSettings", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(client)!;
            settings.Converters.Should().ContainSingle(c => c is JsonStringEnumConverter, $"{type.Name} must route UpdateJsonSerializerSettings to ReplicateJsonDefaults (Custom/ClientSerialization.cs)");
            settings.DefaultIgnoreCondition.Should().Be(JsonIgnoreCondition.WhenWritingNull, $"{type.Name} must not send nulls");
        }
    }
}
