using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Replicate.Testing;

namespace Replicate.Generated.Tests;

/// <summary>
/// Every operation, called once through the generated clients against a stub handler that checks method, path, query,
/// headers and body (hand-written cases). Every operation of the committed baseline is also called through its generated
/// client found by name alone (<c>Tag_Method</c> → <c>TagClient.MethodAsync</c>), so an operation accepted from upstream
/// drift is exercised the day it arrives, without a line here.
/// </summary>
public class AllOperationsTests
{
    private const string Json = "application/json";

    /// <summary>One operation: how to call it, what must go on the wire, and what the server answers.</summary>
    public sealed record Case(
        string OperationId,
        string Method,
        string PathAndQuery,
        Func<HttpClient, Task> Call,
        HttpStatusCode Status = HttpStatusCode.OK,
        string? ResponseType = Json,
        string ResponseBody = "{}",
        Action<SeenRequest>? Check = null)
    {
        public override string ToString() => OperationId;
    }

    private static Action<SeenRequest> JsonBody(string expected) => r =>
    {
        r.Header("Content-Type").Should().StartWith("application/json");
        JsonNode.DeepEquals(JsonNode.Parse(r.BodyText), JsonNode.Parse(expected)).Should().BeTrue($"body {r.BodyText} should equal {expected}");
    };

    private static Action<SeenRequest> NoBody => r => r.Body.Should().BeNullOrEmpty();

    private static Action<SeenRequest> PredictionHeaders(Action<SeenRequest> body) => r =>
    {
        r.Header("Prefer").Should().Be("wait=5");
        r.Header("Cancel-After").Should().Be("30s");
        body(r);
    };

    private static readonly JsonElement Input = JsonDocument.Parse("""{"prompt":"a cat"}""").RootElement;

    public static IEnumerable<Case> Cases()
    {
        yield return new("Account_Get", "GET", "/v1/account", c => new AccountClient(c).GetAsync(), Check: NoBody);

        yield return new("Collections_List", "GET", "/v1/collections", c => new CollectionsClient(c).ListAsync());
        yield return new("Collections_Get", "GET", "/v1/collections/super-resolution", c => new CollectionsClient(c).GetAsync("super-resolution"));

        yield return new("Deployments_List", "GET", "/v1/deployments", c => new DeploymentsClient(c).ListAsync());
        yield return new("Deployments_Create", "POST", "/v1/deployments",
            c => new DeploymentsClient(c).CreateAsync(new DeploymentsCreateRequest { Name = "d", Model = "acme/m", Version = "v1", Hardware = "gpu-t4", MinInstances = 0, MaxInstances = 2 }),
            Check: JsonBody("""{"name":"d","model":"acme/m","version":"v1","hardware":"gpu-t4","min_instances":0,"max_instances":2}"""));
        yield return new("Deployments_Delete", "DELETE", "/v1/deployments/acme/my-dep", c => new DeploymentsClient(c).DeleteAsync("acme", "my-dep"),
            Status: HttpStatusCode.NoContent, ResponseType: null);
        yield return new("Deployments_Get", "GET", "/v1/deployments/acme/my-dep", c => new DeploymentsClient(c).GetAsync("acme", "my-dep"));
        yield return new("Deployments_Update", "PATCH", "/v1/deployments/acme/my-dep",
            c => new DeploymentsClient(c).UpdateAsync("acme", "my-dep", new DeploymentsUpdateRequest { MaxInstances = 3 }),
            Check: JsonBody("""{"max_instances":3}"""));
        yield return new("Deployments_PredictionsCreate", "POST", "/v1/deployments/acme/my-dep/predictions",
            c => new DeploymentsClient(c).PredictionsCreateAsync("acme", "my-dep", new PredictionRequest { Input = Input }, new DeploymentsPredictionsCreateOptions { Prefer = "wait=5", CancelAfter = "30s" }),
            Status: HttpStatusCode.Created, Check: PredictionHeaders(JsonBody("""{"input":{"prompt":"a cat"}}""")));

        yield return new("Files_List", "GET", "/v1/files", c => new FilesClient(c).ListAsync());
        yield return new("Files_Create", "POST", "/v1/files",
            c => new FilesClient(c).CreateAsync(new FileParameter(new MemoryStream("hello"u8.ToArray()), "hello.txt", "text/plain"), new FilesCreateOptions { Filename = "hello.txt", Metadata = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["k"] = "v" }), Type = "text/plain" }),
            Status: HttpStatusCode.Created,
            Check: r =>
            {
                r.Header("Content-Type").Should().StartWith("multipart/form-data; boundary=");
                r.BodyText.Should().Contain("name=content").And.Contain("hello.txt").And.Contain("hello")
                    .And.Contain("name=metadata").And.Contain("""{"k":"v"}""").And.Contain("name=type");
            });
        yield return new("Files_Delete", "DELETE", "/v1/files/file-1", c => new FilesClient(c).DeleteAsync("file-1"), Status: HttpStatusCode.NoContent, ResponseType: null);
        yield return new("Files_Get", "GET", "/v1/files/file-1", c => new FilesClient(c).GetAsync("file-1"));
        yield return new("Files_Download", "GET", "/v1/files/file-1/download?owner=acme&expiry=1700000000&signature=abc%2B%2F%3D",
            async c =>
            {
                using var file = await new FilesClient(c).DownloadAsync("file-1", "acme", 1700000000, "abc+/=");
                using var reader = new StreamReader(file.Stream);
                (await reader.ReadToEndAsync()).Should().Be("raw bytes");
            },
            ResponseType: "application/octet-stream", ResponseBody: "raw bytes");

        yield return new("Hardware_List", "GET", "/v1/hardware", c => new HardwareClient(c).ListAsync(), ResponseBody: """[{"name":"T4","sku":"gpu-t4"}]""");

        yield return new("Models_List", "GET", "/v1/models?sort_by=model_created_at&sort_direction=asc",
            c => new ModelsClient(c).ListAsync(new ModelsListOptions { SortBy = ModelsListSortBy.ModelCreatedAt, SortDirection = ModelsListSortDirection.Asc }));
        yield return new("Models_Create", "POST", "/v1/models",
            c => new ModelsClient(c).CreateAsync(new ModelsCreateRequest { Owner = "acme", Name = "m", Visibility = ModelVisibility.Private, Hardware = "cpu" }),
            Status: HttpStatusCode.Created,
            Check: JsonBody("""{"owner":"acme","name":"m","visibility":"private","hardware":"cpu"}"""));
        yield return new("Models_Search", "QUERY", "/v1/models", c => new ModelsClient(c).SearchAsync("upscale faces"),
            Check: r =>
            {
                r.Header("Content-Type").Should().StartWith("text/plain");
                r.BodyText.Should().Be("upscale faces", "the search text goes as a plain body, not JSON");
            });
        yield return new("Models_Delete", "DELETE", "/v1/models/acme/m", c => new ModelsClient(c).DeleteAsync("acme", "m"), Status: HttpStatusCode.NoContent, ResponseType: null);
        yield return new("Models_Get", "GET", "/v1/models/acme/m", c => new ModelsClient(c).GetAsync("acme", "m"));
        yield return new("Models_Update", "PATCH", "/v1/models/acme/m", c => new ModelsClient(c).UpdateAsync("acme", "m", new ModelsUpdateRequest { Readme = "# hi" }),
            Check: JsonBody("""{"readme":"# hi"}"""));
        yield return new("Models_ExamplesList", "GET", "/v1/models/acme/m/examples", c => new ModelsClient(c).ExamplesListAsync("acme", "m"));
        yield return new("Models_PredictionsCreate", "POST", "/v1/models/acme/m/predictions",
            c => new ModelsClient(c).PredictionsCreateAsync("acme", "m", new PredictionRequest { Input = Input, Webhook = "https://example.test/hook", WebhookEventsFilter = [WebhookEventType.Start, WebhookEventType.Completed] }, new ModelsPredictionsCreateOptions { Prefer = "wait=5", CancelAfter = "30s" }),
            Status: HttpStatusCode.Accepted,
            Check: PredictionHeaders(JsonBody("""{"input":{"prompt":"a cat"},"webhook":"https://example.test/hook","webhook_events_filter":["start","completed"]}""")));
        yield return new("Models_ReadmeGet", "GET", "/v1/models/acme/m/readme",
            async c => (await new ModelsClient(c).ReadmeGetAsync("acme", "m")).Should().Be("# Model\nUse it well."),
            ResponseType: "text/plain", ResponseBody: "# Model\nUse it well.");
        yield return new("Models_VersionsList", "GET", "/v1/models/acme/m/versions", c => new ModelsClient(c).VersionsListAsync("acme", "m"));
        yield return new("Models_VersionsDelete", "DELETE", "/v1/models/acme/m/versions/abc123", c => new ModelsClient(c).VersionsDeleteAsync("acme", "m", "abc123"),
            Status: HttpStatusCode.Accepted, ResponseType: null);
        yield return new("Models_VersionsGet", "GET", "/v1/models/acme/m/versions/abc123", c => new ModelsClient(c).VersionsGetAsync("acme", "m", "abc123"));

        yield return new("Trainings_Create", "POST", "/v1/models/acme/m/versions/abc123/trainings",
            c => new TrainingsClient(c).CreateAsync("acme", "m", "abc123", new TrainingRequest { Destination = "acme/tuned", Input = Input }),
            Status: HttpStatusCode.Created,
            Check: JsonBody("""{"destination":"acme/tuned","input":{"prompt":"a cat"}}"""));
        yield return new("Trainings_List", "GET", "/v1/trainings", c => new TrainingsClient(c).ListAsync());
        yield return new("Trainings_Get", "GET", "/v1/trainings/t1", c => new TrainingsClient(c).GetAsync("t1"));
        yield return new("Trainings_Cancel", "POST", "/v1/trainings/t1/cancel", c => new TrainingsClient(c).CancelAsync("t1"));

        yield return new("Predictions_List", "GET", "/v1/predictions?created_after=2025-01-02T03%3A04%3A05.0000000%2B00%3A00&source=web",
            c => new PredictionsClient(c).ListAsync(new PredictionsListOptions { CreatedAfter = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), Source = PredictionsListSource.Web }));
        yield return new("Predictions_Create", "POST", "/v1/predictions",
            c => new PredictionsClient(c).CreateAsync(new VersionPredictionRequest { Version = "abc123", Input = Input }, new PredictionsCreateOptions { Prefer = "wait=5", CancelAfter = "30s" }),
            Status: HttpStatusCode.Created,
            Check: PredictionHeaders(JsonBody("""{"version":"abc123","input":{"prompt":"a cat"}}""")));
        yield return new("Predictions_Get", "GET", "/v1/predictions/p1", c => new PredictionsClient(c).GetAsync("p1"));
        yield return new("Predictions_Cancel", "POST", "/v1/predictions/p1/cancel", c => new PredictionsClient(c).CancelAsync("p1"));

        yield return new("Search_Search", "GET", "/v1/search?query=face%20restoration&limit=5", c => new SearchClient(c).SearchAsync("face restoration", new SearchOptions { Limit = 5 }),
            ResponseBody: """{"query":"face restoration","models":[],"collections":[],"pages":[]}""");

        yield return new("Webhooks_DefaultSecretGet", "GET", "/v1/webhooks/default/secret",
            async c => (await new WebhooksClient(c).DefaultSecretGetAsync()).Key.Should().Be("whsec_abc"),
            ResponseBody: """{"key":"whsec_abc"}""");
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Operation_sends_the_request_the_spec_describes(Case c)
    {
        var stub = new StubHandler(c.Status, c.ResponseType, c.ResponseBody);
        using var http = stub.Client();

        await c.Call(http);

        var request = stub.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be(c.Method);
        request.Uri.PathAndQuery.Should().Be(c.PathAndQuery);
        request.Uri.Host.Should().Be("api.replicate.com");
        if (c.ResponseType == Json)
        {
            request.Header("Accept").Should().Contain(Json);
        }

        c.Check?.Invoke(request);
    }

    // (id, METHOD, path template, first success status, schema type of its JSON body) of every baseline operation.
    private static List<(string Id, string Method, string Path, int Status, string? BodyType)> BaselineOperations()
    {
        var spec = JsonNode.Parse(File.ReadAllText(RepoRoot.Combine("openapi", "replicate.baseline.json")))!;
        return spec["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject()
                .Where(m => m.Value?["operationId"] is not null)
                .Select(m =>
                {
                    var success = m.Value!["responses"]!.AsObject().First(r => r.Key.StartsWith('2'));
                    var type = success.Value?["content"]?["application/json"]?["schema"] is { } schema
                        ? schema["type"]?.GetValue<string>() ?? "object"
                        : null;
                    return (m.Value!["operationId"]!.GetValue<string>(), m.Key.ToUpperInvariant(), p.Key, int.Parse(success.Key, System.Globalization.CultureInfo.InvariantCulture), type);
                }))
            .ToList();
    }

    private static IEnumerable<TestCaseData> EveryBaselineOperation() =>
        BaselineOperations().Select(o => new TestCaseData(o.Id, o.Method, o.Path, o.Status, o.BodyType)
            .SetName($"{o.Id} is called through its generated client found by name"));

    [TestCaseSource(nameof(EveryBaselineOperation))]
    public async Task Every_operation_of_the_baseline_is_called_through_the_client_its_name_gives(string id, string method, string path, int status, string? bodyType)
    {
        var (tag, name) = (id.Split('_')[0], id.Split('_', 2)[1]);
        var client = typeof(AccountClient).Assembly.GetType($"Replicate.Generated.{tag}Client")
            ?? throw new AssertionException($"{id}: no generated client Replicate.Generated.{tag}Client");
        var call = client.GetMethods().Where(m => m.Name == name + "Async").MinBy(m => m.GetParameters().Length)
            ?? throw new AssertionException($"{id}: no method {tag}Client.{name}Async");
        var stub = new StubHandler((HttpStatusCode)status, bodyType is null ? null : Json, bodyType == "array" ? "[]" : "{}");
        using var http = stub.Client();
        var arguments = call.GetParameters().Select(p => p.ParameterType switch
        {
            var t when t == typeof(string) => "x1",
            var t when t == typeof(CancellationToken) => CancellationToken.None,
            var t when t == typeof(JsonElement) => Input,
            var t when t == typeof(FileParameter) => new FileParameter(new MemoryStream([1, 2, 3]), "a.bin", "application/octet-stream"),
            var t when t.IsValueType => Activator.CreateInstance(t),
            var t when t.GetConstructor(Type.EmptyTypes) is not null => Activator.CreateInstance(t),
            _ => null,
        }).ToArray();

        await (Task)call.Invoke(Activator.CreateInstance(client, http), arguments)!;

        var request = stub.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be(method == "QUERY" ? "QUERY" : method);
        var expected = "^/v1" + System.Text.RegularExpressions.Regex.Replace(path, "\\{[^}]+\\}", "x1") + "(\\?.*)?$";
        request.Uri.AbsolutePath.Should().MatchRegex(expected, "the path template of {0} with every parameter filled", id);
    }

    [Test]
    public void The_hand_written_cases_name_operations_of_the_baseline_each_once()
    {
        var ids = BaselineOperations().Select(o => o.Id).ToHashSet(StringComparer.Ordinal);

        Cases().Select(c => c.OperationId).Should().OnlyHaveUniqueItems().And.OnlyContain(id => ids.Contains(id), "a case for an operation the baseline lacks is stale");
    }
}
