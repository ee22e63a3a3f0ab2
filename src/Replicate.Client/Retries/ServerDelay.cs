using Replicate.Client.Errors;

namespace Replicate.Client.Retries;

/// <summary>The wait a response asks for, in the order the API states it.</summary>
internal static class ServerDelay
{
    /// <summary>The longest delay a response can name: anything longer (up to infinity) reads as this, never overflows.</summary>
    public static readonly TimeSpan Ceiling = TimeSpan.FromDays(1);

    /// <summary>
    /// <c>Retry-After</c> (delta-seconds or an HTTP date), else a body <c>retry_after</c>, else <c>~Ns</c> in the
    /// problem-details <c>detail</c>; null when the response names no delay. A delay of zero, a date already past or
    /// a value that does not parse counts as none (the caller's ordinary backoff applies, not an immediate retry into
    /// the same limit); an absurd one is clamped to <see cref="Ceiling"/>.
    /// </summary>
    public static TimeSpan? From(HttpResponseMessage response, ErrorBody body, TimeProvider time)
    {
        if (response.Headers.RetryAfter is { } header)
        {
            if (header.Delta is { } delta && delta > TimeSpan.Zero)
            {
                return delta > Ceiling ? Ceiling : delta;
            }

            if (header.Date is { } date && date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero)
            {
                return wait > Ceiling ? Ceiling : wait;
            }
        }

        else if (response.Headers.TryGetValues("Retry-After", out var raw)
            && double.TryParse(raw.FirstOrDefault(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            // A delta too large for the typed header (it holds an int of seconds) is still a delay: a clamped one.
            return FromSeconds(seconds) ?? body.RetryAfter;
        }

        return body.RetryAfter;
    }

    /// <summary>A delay stated in seconds: null for zero, negative or not a number; clamped to <see cref="Ceiling"/>.</summary>
    public static TimeSpan? FromSeconds(double seconds) =>
        double.IsNaN(seconds) || seconds <= 0 ? null
        : seconds >= Ceiling.TotalSeconds ? Ceiling
        : TimeSpan.FromSeconds(seconds);

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
