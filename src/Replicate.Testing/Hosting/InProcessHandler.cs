using System.IO.Pipelines;
using System.Net;
using Replicate.Testing.Engine;

namespace Replicate.Testing.Hosting;

/// <summary>The fake as an <see cref="HttpMessageHandler"/>: no socket, the same engine the loopback server runs.</summary>
internal sealed class InProcessHandler(FakeApi api) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            headers[header.Key] = string.Join(", ", header.Value);
        }

        if (request.RequestUri?.Authority is { } authority)
        {
            headers["Host"] = authority;
        }

        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var wire = new WireRequest(request.Method.Method, uri.AbsolutePath, uri.Query, headers, body);
        var answer = await api.HandleAsync(wire, cancellationToken).ConfigureAwait(false);
        if (answer.Reset)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "The fake Replicate reset the connection (an injected fault).", new IOException("Connection reset by peer"));
        }

        var response = new HttpResponseMessage((HttpStatusCode)answer.Status) { RequestMessage = request };
        HttpContent content;
        if (answer.Writer is { } writer)
        {
            // The body is produced while the caller reads it (a stream, a slow body); a writer's reset surfaces as an
            // IOException from the caller's read, as a dropped connection does. The writer runs until the fake stops, not
            // until the request's token fires: a caller that gives up must see its own cancellation, not a broken body.
            var pipe = new Pipe();
            _ = Task.Run(async () =>
            {
                try
                {
                    await writer(pipe.Writer.AsStream(leaveOpen: true), api.Stopping).ConfigureAwait(false);
                    await pipe.Writer.CompleteAsync().ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    await pipe.Writer.CompleteAsync(e is IOException ? e : new IOException("The fake Replicate's body failed.", e)).ConfigureAwait(false);
                }
            }, CancellationToken.None);
            content = new StreamContent(pipe.Reader.AsStream());
        }
        else
        {
            content = new ByteArrayContent(answer.Body);
        }

        if (answer.ContentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", answer.ContentType);
        }

        foreach (var (name, value) in answer.Headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        response.Content = content;
        return response;
    }
}
