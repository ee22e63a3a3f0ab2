using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Replicate.Tools.Cli;
using Replicate.Tools.Normalization;

namespace Replicate.Tools.Models;

/// <summary>A version and its <c>openapi_schema</c>, as the API returned it (kept in memory only: never committed).</summary>
internal sealed record FetchedVersion(string Model, string Version, JsonObject OpenApiSchema);

/// <summary>
/// Reads model versions from the Replicate API: <c>GET /models/{owner}/{name}</c> for the latest version,
/// <c>GET /models/{owner}/{name}/versions/{id}</c> for a given one. The token comes from <c>REPLICATE_API_TOKEN</c> and is
/// sent only to the API root (<c>REPLICATE_BASE_URL</c>, default the live API); it is never printed.
/// </summary>
internal sealed class ModelSource(HttpMessageHandler? handler, Func<string, string?> environment)
{
    public const string DefaultBaseUrl = "https://api.replicate.com/v1/";

    public Uri BaseUrl
    {
        get
        {
            var text = environment("REPLICATE_BASE_URL") is { Length: > 0 } b ? b : DefaultBaseUrl;
            if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            {
                throw new UsageException($"REPLICATE_BASE_URL is not an http(s) URL: {text}");
            }

            return uri;
        }
    }

    public bool HasToken => environment("REPLICATE_API_TOKEN") is { Length: > 0 };

    /// <summary>The latest version of <paramref name="model"/> (<paramref name="version"/> null), or that version.</summary>
    /// <exception cref="InvalidOperationException">The API could not be reached or answered with an error; the message says which, never with the token.</exception>
    public async Task<FetchedVersion> FetchAsync(string model, string? version, CancellationToken cancellationToken)
    {
        var token = environment("REPLICATE_API_TOKEN") is { Length: > 0 } t ? t
            : throw new UsageException("REPLICATE_API_TOKEN is not set: fetching a model's schema needs an API token (or add a recorded schema with --schema-file)");
        var relative = version is null ? $"models/{model}" : $"models/{model}/versions/{Uri.EscapeDataString(version)}";
        var url = new Uri(BaseUrl, relative);
        using var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.Timeout = TimeSpan.FromSeconds(60);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.UserAgent.ParseAdd("replicate-tools/1");
        string body;
        HttpStatusCode status;
        try
        {
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"GET {url}: {e.Message.Replace(token, "[token]", StringComparison.Ordinal)}", e);
        }

        if (!((int)status is >= 200 and < 300))
        {
            throw new InvalidOperationException($"GET {url}: {(int)status} {Detail(body)}".Replace(token, "[token]", StringComparison.Ordinal));
        }

        var root = JsonUtil.ParseObject(body, $"GET {url}");
        var versionObject = version is null ? root["latest_version"] as JsonObject : root;
        if (versionObject is null)
        {
            throw new InvalidOperationException($"GET {url}: {model} has no version yet");
        }

        var id = versionObject["id"] is JsonValue idValue && idValue.TryGetValue<string>(out var s) && ModelLock.VersionId().IsMatch(s) ? s
            : throw new InvalidOperationException($"GET {url}: the version has no id");
        var schema = versionObject["openapi_schema"] as JsonObject
            ?? throw new InvalidOperationException($"GET {url}: version {id} has no openapi_schema");
        return new FetchedVersion(model, id, (JsonObject)schema.DeepClone());
    }

    private static string Detail(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["detail"]?.GetValue<string>() ?? body[..Math.Min(body.Length, 200)];
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return body[..Math.Min(body.Length, 200)];
        }
    }
}
