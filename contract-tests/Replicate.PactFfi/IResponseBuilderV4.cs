using System.Net;
using System.Text.Json;
using Replicate.PactFfi.Matchers;

namespace Replicate.PactFfi;

/// <summary>Describes the response of one interaction: status, headers and body.</summary>
public interface IResponseBuilderV4
{
    /// <summary>Sets the status code.</summary>
    IResponseBuilderV4 WithStatus(HttpStatusCode status);

    /// <summary>Sets the status code.</summary>
    IResponseBuilderV4 WithStatus(ushort status);

    /// <summary>Adds a response header.</summary>
    IResponseBuilderV4 WithHeader(string key, string value);

    /// <summary>Adds a response header whose value the provider may vary within <paramref name="matcher"/>.</summary>
    IResponseBuilderV4 WithHeader(string key, IMatcher matcher);

    /// <summary>Sets a JSON body (matchers allowed anywhere inside), served as <c>application/json</c>.</summary>
    IResponseBuilderV4 WithJsonBody(object body);

    /// <summary>Sets a JSON body with another content type (for example <c>application/problem+json</c>).</summary>
    IResponseBuilderV4 WithJsonBody(object body, string contentType);

    /// <summary>Sets a JSON body written with <paramref name="settings"/>.</summary>
    IResponseBuilderV4 WithJsonBody(object body, JsonSerializerOptions settings);

    /// <summary>Sets a JSON body written with <paramref name="settings"/>, with another content type.</summary>
    IResponseBuilderV4 WithJsonBody(object body, JsonSerializerOptions settings, string contentType);

    /// <summary>Sets a body served as it is (for example <c>text/plain</c>).</summary>
    IResponseBuilderV4 WithBody(string body, string contentType);

    /// <summary>Sets a binary body. Not in PactNet 5.</summary>
    IResponseBuilderV4 WithBinaryBody(byte[] body, string contentType);
}
