using System.Net;
using System.Text.Json;
using Replicate.PactFfi.Matchers;
using Replicate.PactFfi.Native;

namespace Replicate.PactFfi;

/// <summary>The response side of one interaction, written straight into the engine.</summary>
internal sealed class ResponseBuilderV4(uint interaction, JsonSerializerOptions jsonSettings) : IResponseBuilderV4
{
    private readonly Dictionary<string, nuint> headerCounts = new(StringComparer.OrdinalIgnoreCase);

    public IResponseBuilderV4 WithStatus(HttpStatusCode status) => WithStatus((ushort)status);

    public IResponseBuilderV4 WithStatus(ushort status)
    {
        EngineCall.Require(PactNative.ResponseStatus(interaction, status), "pactffi_response_status");
        return this;
    }

    public IResponseBuilderV4 WithHeader(string key, string value)
    {
        headerCounts.TryGetValue(key, out var index);
        headerCounts[key] = index + 1;
        EngineCall.Require(PactNative.WithHeader(interaction, InteractionPart.Response, key, index, value), "pactffi_with_header_v2");
        return this;
    }

    public IResponseBuilderV4 WithHeader(string key, IMatcher matcher) =>
        WithHeader(key, JsonSerializer.Serialize(matcher, MatcherJson.With(jsonSettings)));

    public IResponseBuilderV4 WithJsonBody(object body) => WithJsonBody(body, jsonSettings, "application/json");

    public IResponseBuilderV4 WithJsonBody(object body, string contentType) => WithJsonBody(body, jsonSettings, contentType);

    public IResponseBuilderV4 WithJsonBody(object body, JsonSerializerOptions settings) => WithJsonBody(body, settings, "application/json");

    public IResponseBuilderV4 WithJsonBody(object body, JsonSerializerOptions settings, string contentType) =>
        WithBody(Bodies.Json(body, settings), contentType);

    public IResponseBuilderV4 WithBody(string body, string contentType)
    {
        EngineCall.Require(PactNative.WithBody(interaction, InteractionPart.Response, contentType, body), "pactffi_with_body");
        return this;
    }

    public IResponseBuilderV4 WithBinaryBody(byte[] body, string contentType)
    {
        Bodies.Binary(interaction, InteractionPart.Response, body, contentType);
        return this;
    }
}
