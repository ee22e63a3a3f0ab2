using System.Net;
using System.Net.Http.Headers;

namespace Replicate.Generated.Tests;

/// <summary>Records each request (with its body read eagerly) and answers with one scripted response.</summary>
internal sealed class StubHandler(HttpStatusCode status, string? contentType = "application/json", string body = "{}") : HttpMessageHandler
{
    public List<SeenRequest> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        Requests.Add(new SeenRequest(request.Method.Method, request.RequestUri!, request.Headers, request.Content?.Headers, content));
        var response = new HttpResponseMessage(status) { RequestMessage = request };
        if (contentType is not null)
        {
            response.Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body));
            response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return response;
    }

    /// <summary>HttpClient over this handler with the base address the generated clients expect.</summary>
    public HttpClient Client() => new(this) { BaseAddress = new Uri("https://api.replicate.com/v1/") };
}

public sealed record SeenRequest(string Method, Uri Uri, HttpRequestHeaders Headers, HttpContentHeaders? ContentHeaders, byte[]? Body)
{
    public string BodyText => Body is null ? string.Empty : System.Text.Encoding.UTF8.GetString(Body);

    public string? Header(string name) =>
        Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : ContentHeaders is not null && ContentHeaders.TryGetValues(name, out var contentValues) ? string.Join(",", contentValues)
        : null;
}
