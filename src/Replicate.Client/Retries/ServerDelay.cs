using Replicate.Client.Errors;

namespace Replicate.Client.Retries;

/// <summary>The wait a response asks for, in the order the API states it.</summary>
internal static class ServerDelay
{
    /// <summary>
    /// <c>Retry-After</c> (delta-seconds or an HTTP date), else a body <c>retry_after</c>, else <c>~Ns</c> in the
    /// problem-details <c>detail</c>; null when the response names no delay.
    /// </summary>
    public static TimeSpan? From(HttpResponseMessage response, ErrorBody body, TimeProvider time)
    {
        if (response.Headers.RetryAfter is { } header)
        {
            if (header.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (header.Date is { } date)
            {
                var wait = date - time.GetUtcNow();
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }

        return body.RetryAfter;
    }

    /// <summary>Reads (and buffers, so others can read it again) an error body, up to <paramref name="limit"/> characters.</summary>
    public static async Task<string?> ReadBodyAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        if (response.Content is null)
        {
            return null;
        }

        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return text.Length > limit ? text[..limit] : text;
    }
}
