using System.Text.Json;
using Replicate.PactFfi.Matchers;

namespace Replicate.PactFfi;

/// <summary>Describes the request of one interaction: provider states, method, path, query, headers and body.</summary>
public interface IRequestBuilderV4
{
    /// <summary>Adds a provider state the provider must set up before replaying this interaction.</summary>
    IRequestBuilderV4 Given(string providerState);

    /// <summary>Adds a provider state with parameters (for example the id the request path uses).</summary>
    IRequestBuilderV4 Given(string providerState, IDictionary<string, string> parameters);

    /// <summary>Sets the method and the exact path.</summary>
    IRequestBuilderV4 WithRequest(HttpMethod method, string path);

    /// <summary>Sets the method (any token, such as <c>QUERY</c>) and the exact path.</summary>
    IRequestBuilderV4 WithRequest(string method, string path);

    /// <summary>
    /// Sets the method and a path matcher, such as <c>Match.Regex("/v1/predictions/abc", "^/v1/predictions/[^/]+$")</c>.
    /// Not in PactNet 5, which takes literal paths only.
    /// </summary>
    IRequestBuilderV4 WithRequest(string method, IMatcher path);

    /// <summary>Adds a query parameter; call again with the same key for repeated parameters.</summary>
    IRequestBuilderV4 WithQuery(string key, string value);

    /// <summary>Adds a query parameter matched by <paramref name="matcher"/>.</summary>
    IRequestBuilderV4 WithQuery(string key, IMatcher matcher);

    /// <summary>Adds a header the request must carry; call again with the same key for more values.</summary>
    IRequestBuilderV4 WithHeader(string key, string value);

    /// <summary>Adds a header matched by <paramref name="matcher"/>.</summary>
    IRequestBuilderV4 WithHeader(string key, IMatcher matcher);

    /// <summary>Sets a JSON body (matchers allowed anywhere inside), sent as <c>application/json</c>.</summary>
    IRequestBuilderV4 WithJsonBody(object body);

    /// <summary>Sets a JSON body with another content type.</summary>
    IRequestBuilderV4 WithJsonBody(object body, string contentType);

    /// <summary>Sets a JSON body written with <paramref name="settings"/>.</summary>
    IRequestBuilderV4 WithJsonBody(object body, JsonSerializerOptions settings);

    /// <summary>Sets a JSON body written with <paramref name="settings"/>, with another content type.</summary>
    IRequestBuilderV4 WithJsonBody(object body, JsonSerializerOptions settings, string contentType);

    /// <summary>Sets a body used as it is (for example <c>text/plain</c>).</summary>
    IRequestBuilderV4 WithBody(string body, string contentType);

    /// <summary>Sets a binary body compared byte for byte. Not in PactNet 5.</summary>
    IRequestBuilderV4 WithBinaryBody(byte[] body, string contentType);

    /// <summary>
    /// Sets a <c>multipart/form-data</c> body of <paramref name="parts"/>. The engine matches the request's parts by
    /// name (fields against fields, files against files) and content, and its boundary by pattern. Not in PactNet 5.
    /// </summary>
    IRequestBuilderV4 WithMultipartFormData(params MultipartPart[] parts);

    /// <summary>Finishes the request and starts describing the response.</summary>
    IResponseBuilderV4 WillRespond();
}
