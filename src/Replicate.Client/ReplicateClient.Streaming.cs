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

    /// <summary>How many times a cut stream whose events carry ids is resumed (with <c>Last-Event-ID</c>) before giving up.</summary>
    internal const int StreamReconnects = 3;

    /// <summary>
    /// The events at a stream URL the API returned (see <see cref="StreamAsync(PredictionResponse, CancellationToken)"/>).
    /// The token goes with the request only when the URL is on the API's origin or on one of
    /// <see cref="ReplicateClientOptions.StreamingHosts"/> (https). A stream cut before <c>done</c> whose events carried
    /// ids is resumed from the last one (<c>Last-Event-ID</c>), up to three times.
    /// </summary>
    public virtual async IAsyncEnumerable<ReplicateStreamEvent> StreamAsync(Uri streamUrl, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(streamUrl);
        var operation = "GET " + streamUrl.AbsolutePath;
        string? lastEventId = null;
        for (var reconnects = 0; ; reconnects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, streamUrl);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            request.Headers.CacheControl = new CacheControlHeaderValue { NoStore = true };
            request.Options.Set(GeneratedCore.StreamResponse, true);
            if (IsStreamingHost(streamUrl))
            {
                request.Options.Set(BearerTokenHandler.AuthorizedOrigin, streamUrl.GetLeftPart(UriPartial.Authority));
            }

            if (lastEventId is not null)
            {
                request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
            }

            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var stream = new TailStream(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
            var cut = false;
            await using (stream.ConfigureAwait(false))
            {
                // System.Net.ServerSentEvents handles comments, multi-line data and events split across reads at any byte.
                var events = SseParser.Create(stream).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                await using (events.ConfigureAwait(false))
                {
                    while (true)
                    {
                        SseItem<string> item;
                        try
                        {
                            if (!await events.MoveNextAsync().ConfigureAwait(false))
                            {
                                break;
                            }

                            item = events.Current;
                        }
                        catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
                        {
                            cut = true;
                            break;
                        }

                        switch (item.EventType)
                        {
                            case "done":
                                yield break;
                            case "error":
                                throw new ReplicateStreamException($"The prediction's stream reported an error: {item.Data}", operation);
                            default:
                                lastEventId = item.EventId ?? lastEventId;
                                yield return new ReplicateStreamEvent(item.EventType, item.Data, item.EventId);
                                break;
                        }
                    }
                }

                // The SSE parser drops an event without data lines, so a bare "event: done" is seen in the last bytes read.
                if (!cut && stream.EndsWithEvent("done"))
                {
                    yield break;
                }
            }

            if (lastEventId is null || reconnects >= StreamReconnects)
            {
                throw new ReplicateStreamException(
                    "The prediction's stream ended before its 'done' event" + (lastEventId is null ? string.Empty : $" ({reconnects} resumptions from event {lastEventId})") + "; the output may be incomplete.",
                    operation);
            }
        }
    }

    private bool IsStreamingHost(Uri url) =>
        url.Scheme == Uri.UriSchemeHttps
        && Options.StreamingHosts.Any(h => string.Equals(h, url.Host, StringComparison.OrdinalIgnoreCase) || string.Equals(h, url.Authority, StringComparison.OrdinalIgnoreCase));

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
