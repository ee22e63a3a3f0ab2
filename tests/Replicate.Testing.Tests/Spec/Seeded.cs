using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Replicate.Testing.Engine;

namespace Replicate.Testing.Tests.Spec;

/// <summary>
/// A fake holding one of everything (a model with a version, a deployment, a collection, a prediction, a training,
/// a file), and the values that name them — by the parameter or property name the baseline uses.
/// </summary>
internal sealed class Seeded : IAsyncDisposable
{
    private readonly Dictionary<string, string> _values = [];

    private Seeded(FakeReplicate fake) => Fake = fake;

    public FakeReplicate Fake { get; }

    public FakeApi Api => Fake.Api;

    public static async Task<Seeded> CreateAsync()
    {
        var fake = new FakeReplicate();
        var seeded = new Seeded(fake);
        var model = fake.AddModel(new FakeModel("acme", "fake-model") { Readme = "# A fake model", Script = new FakeRunScript { Streams = true, Outputs = [FakeOutput.FromText("a "), FakeOutput.FromText("cat")] } });
        fake.AddModel("acme", "destination");
        fake.AddDeployment(new FakeDeployment("acme", "fake-deployment", model));
        fake.AddCollection(new FakeCollection("fakes", "Fakes") { Models = [model] });

        using var http = seeded.Http();
        var version = (await Json(http, HttpMethod.Get, "models/acme/fake-model", null))["latest_version"]!["id"]!.GetValue<string>();
        var prediction = await Json(http, HttpMethod.Post, "predictions", new JsonObject { ["version"] = version, ["input"] = new JsonObject { ["prompt"] = "hi" } });
        var training = await Json(http, HttpMethod.Post, $"models/acme/fake-model/versions/{version}/trainings", new JsonObject { ["destination"] = "acme/destination", ["input"] = new JsonObject() });

        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent("hello"u8.ToArray());
        part.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(part, "content", "hello.txt");
        using var upload = await http.PostAsync(new Uri(fake.BaseAddress, "files"), form);
        var file = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!;
        var download = QueryHelpers.ParseQuery(new Uri(file["urls"]!["get"]!.GetValue<string>()).Query);

        seeded._values["model_owner"] = "acme";
        seeded._values["model_name"] = "fake-model";
        seeded._values["version_id"] = version;
        seeded._values["prediction_id"] = prediction["id"]!.GetValue<string>();
        seeded._values["training_id"] = training["id"]!.GetValue<string>();
        seeded._values["deployment_owner"] = "acme";
        seeded._values["deployment_name"] = "fake-deployment";
        seeded._values["collection_slug"] = "fakes";
        seeded._values["file_id"] = file["id"]!.GetValue<string>();
        seeded._values["query"] = "fake";
        foreach (var (name, value) in download)
        {
            seeded._values[name] = value.ToString();
        }

        return seeded;
    }

    public HttpClient Http()
    {
        var http = new HttpClient(Fake.CreateHandler());
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "r8_seed");
        return http;
    }

    public string Value(string name) => _values.TryGetValue(name, out var value)
        ? value
        : throw new InvalidOperationException($"The seeds have no value for the parameter '{name}': add one to {nameof(Seeded)}.");

    /// <summary>Request-body values that must name something the fake holds.</summary>
    public JsonNode? BodyValue(string property) => property switch
    {
        "version" => _values["version_id"],
        "model" => "acme/fake-model",
        "destination" => "acme/destination",
        "owner" => Fake.Options.AccountUsername,
        "name" => "new-thing",
        "hardware" => "gpu-t4",
        "input" => new JsonObject { ["prompt"] = "hi" },
        "min_instances" => 0,
        "max_instances" => 1,
        _ => null,
    };

    private static async Task<JsonNode> Json(HttpClient http, HttpMethod method, string path, JsonNode? body)
    {
        using var request = new HttpRequestMessage(method, path.StartsWith("http", StringComparison.Ordinal) ? new Uri(path) : new Uri(new Uri("http://replicate.fake/v1/"), path));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue($"seeding {method} {path} must work: {text}");
        return JsonNode.Parse(text)!;
    }

    public async ValueTask DisposeAsync() => await Fake.DisposeAsync();
}
