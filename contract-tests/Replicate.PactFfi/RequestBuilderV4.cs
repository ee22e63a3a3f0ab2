using System.Text.Json;
using Replicate.PactFfi.Matchers;
using Replicate.PactFfi.Native;

namespace Replicate.PactFfi;

/// <summary>The request side of one interaction, written straight into the engine.</summary>
internal sealed class RequestBuilderV4(uint interaction, string description, JsonSerializerOptions jsonSettings) : IRequestBuilderV4
{
    private readonly Dictionary<string, nuint> headerCounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, nuint> queryCounts = new(StringComparer.Ordinal);
    private ResponseBuilderV4? response;

    internal string Description { get; } = description;

    internal bool HasResponse => response is not null;

    public IRequestBuilderV4 Given(string providerState)
    {
        EngineCall.Require(PactNative.Given(interaction, providerState), "pactffi_given");
        return this;
    }

    public IRequestBuilderV4 Given(string providerState, IDictionary<string, string> parameters)
    {
        var result = PactNative.GivenWithParams(interaction, providerState, JsonSerializer.Serialize(parameters));
        EngineCall.Require(result == 0, "pactffi_given_with_params");
        return this;
    }

    public IRequestBuilderV4 WithRequest(HttpMethod method, string path) => WithRequest(method.Method, path);

    public IRequestBuilderV4 WithRequest(string method, string path)
    {
        EngineCall.Require(PactNative.WithRequest(interaction, method, path), "pactffi_with_request");
        return this;
    }

    public IRequestBuilderV4 WithRequest(string method, IMatcher path) => WithRequest(method, Json(path));

    public IRequestBuilderV4 WithQuery(string key, string value)
    {
        EngineCall.Require(PactNative.WithQueryParameter(interaction, key, Next(queryCounts, key), value), "pactffi_with_query_parameter_v2");
        return this;
    }

    public IRequestBuilderV4 WithQuery(string key, IMatcher matcher) => WithQuery(key, Json(matcher));

    public IRequestBuilderV4 WithHeader(string key, string value)
    {
        EngineCall.Require(
            PactNative.WithHeader(interaction, InteractionPart.Request, key, Next(headerCounts, key), value), "pactffi_with_header_v2");
        return this;
    }

    public IRequestBuilderV4 WithHeader(string key, IMatcher matcher) => WithHeader(key, Json(matcher));

    public IRequestBuilderV4 WithJsonBody(object body) => WithJsonBody(body, jsonSettings, "application/json");

    public IRequestBuilderV4 WithJsonBody(object body, string contentType) => WithJsonBody(body, jsonSettings, contentType);

    public IRequestBuilderV4 WithJsonBody(object body, JsonSerializerOptions settings) => WithJsonBody(body, settings, "application/json");

    public IRequestBuilderV4 WithJsonBody(object body, JsonSerializerOptions settings, string contentType) =>
        WithBody(Bodies.Json(body, settings), contentType);

    public IRequestBuilderV4 WithBody(string body, string contentType)
    {
        EngineCall.Require(PactNative.WithBody(interaction, InteractionPart.Request, contentType, body), "pactffi_with_body");
        return this;
    }

    public IRequestBuilderV4 WithBinaryBody(byte[] body, string contentType)
    {
        Bodies.Binary(interaction, InteractionPart.Request, body, contentType);
        return this;
    }

    public IRequestBuilderV4 WithMultipartFormData(params MultipartPart[] parts)
    {
        var (contentType, body) = Bodies.Multipart(parts);
        WithHeader("Content-Type", Match.Regex(contentType, @"^multipart/form-data;\s*boundary=.+$"));
        Bodies.Binary(interaction, InteractionPart.Request, body, contentType);
        return this;
    }

    public IResponseBuilderV4 WillRespond() => response ??= new ResponseBuilderV4(interaction, jsonSettings);

    private string Json(IMatcher matcher) => JsonSerializer.Serialize(matcher, MatcherJson.With(jsonSettings));

    private static nuint Next(Dictionary<string, nuint> counts, string key)
    {
        counts.TryGetValue(key, out var index);
        counts[key] = index + 1;
        return index;
    }
}
