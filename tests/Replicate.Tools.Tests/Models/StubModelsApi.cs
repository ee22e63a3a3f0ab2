using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Replicate.Tools.Tests.Models;

/// <summary>
/// The two model endpoints <c>model add|update|drift</c> read (<c>GET /models/{owner}/{name}</c> and
/// <c>…/versions/{id}</c>), answered in process: each model has versions, the last one added is the latest.
/// Records every request so tests can check where the token went.
/// </summary>
internal sealed class StubModelsApi : HttpMessageHandler
{
    public const string BaseUrl = "https://api.test.invalid/v1/";
    public const string Token = "r8_StubModelsApiSecretToken";

    private readonly Dictionary<string, List<(string Id, string Schema)>> _models = new(StringComparer.Ordinal);

    public List<HttpRequestMessage> Requests { get; } = [];

    public Dictionary<string, string?> Environment { get; } = new()
    {
        ["REPLICATE_API_TOKEN"] = Token,
        ["REPLICATE_BASE_URL"] = BaseUrl,
    };

    public void Publish(string model, string versionId, string openApiSchema)
    {
        if (!_models.TryGetValue(model, out var versions))
        {
            _models[model] = versions = [];
        }

        versions.Add((versionId, openApiSchema));
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        var path = request.RequestUri!.AbsolutePath;
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);   // v1 models owner name [versions id]
        if (request.Headers.Authorization?.Parameter != Token)
        {
            return Answer(HttpStatusCode.Unauthorized, """{"detail":"Invalid token."}""");
        }

        if (parts is ["v1", "models", var owner, var name, ..] && _models.TryGetValue(owner + "/" + name, out var versions))
        {
            if (parts.Length == 4)
            {
                var latest = versions[^1];
                return Answer(HttpStatusCode.OK, new JsonObject { ["owner"] = owner, ["name"] = name, ["latest_version"] = Version(latest) }.ToJsonString());
            }

            if (parts is [_, _, _, _, "versions", var id] && versions.FirstOrDefault(v => v.Id == id) is { Id: not null } found)
            {
                return Answer(HttpStatusCode.OK, Version(found).ToJsonString());
            }
        }

        return Answer(HttpStatusCode.NotFound, """{"detail":"Not found."}""");
    }

    private static JsonObject Version((string Id, string Schema) version) =>
        new() { ["id"] = version.Id, ["created_at"] = "2026-11-30T00:00:00Z", ["openapi_schema"] = JsonNode.Parse(version.Schema) };

    private static Task<HttpResponseMessage> Answer(HttpStatusCode status, string json) =>
        Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
}
