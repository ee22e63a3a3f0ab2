using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Replicate.Client.Streaming;
using Replicate.Client.Transport;
using Replicate.Generated;

namespace Replicate.Client;

/// <summary>Streaming a prediction's output as server-sent events.</summary>
public partial class ReplicateClient
{
    /// <summary>
    /// The events of a streaming prediction (from <c>urls.stream</c>): <c>output</c> and <c>logs</c> events as they come;
    /// an <c>error</c> event throws <see cref="ReplicateStreamException"/>; <c>done</c> ends the sequence. A stream
    /// that ends without <c>done</c> throws too, so a cut connection never looks like complete output.
    /// </summary>
    public virtual IAsyncEnumerable<ReplicateStreamEvent> StreamAsync(PredictionResponse prediction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var url = prediction.Urls?.Stream ?? throw new InvalidOperationException(
            $"Prediction {prediction.Id} has no stream URL: the model does not stream its output.");
        return StreamAsync(url, cancellationToken);
    }

    /// <summary>The events at a stream URL the API returned (see <see cref="StreamAsync(PredictionResponse, CancellationToken)"/>).</summary>
    public virtual async IAsyncEnumerable<ReplicateStreamEvent> StreamAsync(Uri streamUrl, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(streamUrl);
        using var request = new HttpRequestMessage(HttpMethod.Get, streamUrl);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.CacheControl = new CacheControlHeaderValue { NoStore = true };
        request.Options.Set(GeneratedCore.StreamResponse, true);
        request.Options.Set(BearerTokenHandler.AuthorizedOrigin, streamUrl.GetLeftPart(UriPartial.Authority));
        var operation = "GET " + streamUrl.AbsolutePath;
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            // System.Net.ServerSentEvents handles comments, multi-line data and events split across reads at any byte.
            await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken).ConfigureAwait(false))
            {
                switch (item.EventType)
                {
                    case "done":
                        yield break;
                    case "error":
                        throw new ReplicateStreamException($"The prediction's stream reported an error: {item.Data}", operation);
                    default:
                        yield return new ReplicateStreamEvent(item.EventType, item.Data, item.EventId);
                        break;
                }
            }
        }

        throw new ReplicateStreamException("The prediction's stream ended before its 'done' event; the output may be incomplete.", operation);
    }

    /// <summary>Just the output text tokens of a streaming language model, in order.</summary>
    public virtual async IAsyncEnumerable<string> StreamTextAsync(PredictionResponse prediction, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in StreamAsync(prediction, cancellationToken).ConfigureAwait(false))
        {
            if (item.IsOutput)
            {
                yield return item.Data;
            }
        }
    }
}
