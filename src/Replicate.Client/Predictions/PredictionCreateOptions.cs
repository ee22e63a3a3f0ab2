using System.Globalization;
using System.Text;
using Replicate.Generated;

namespace Replicate.Client.Predictions;

/// <summary>Options of a prediction (or training) create request.</summary>
public sealed record PredictionCreateOptions
{
    /// <summary>The smallest <see cref="CancelAfter"/> the API accepts.</summary>
    public static readonly TimeSpan MinimumCancelAfter = TimeSpan.FromSeconds(5);

    /// <summary>An HTTPS URL Replicate POSTs the prediction to as it progresses.</summary>
    public Uri? Webhook { get; init; }

    /// <summary>Which events trigger the webhook (all when unset).</summary>
    public IReadOnlyCollection<WebhookEventType>? WebhookEventsFilter { get; init; }

    /// <summary>
    /// Ask the server to hold the create response until the prediction finishes (<c>Prefer: wait</c>): null for no
    /// hold, <see cref="Timeout.InfiniteTimeSpan"/> for the server's maximum (60 s), else N seconds clamped to 1..60.
    /// The request's network timeout is raised above the hold so the client never races the server.
    /// </summary>
    public TimeSpan? Wait { get; init; }

    /// <summary>
    /// Let the server cancel the prediction after this long (<c>Cancel-After</c>), 5 s at least. A prediction that has
    /// not started by then ends <c>aborted</c>; one that is running ends <c>canceled</c>.
    /// </summary>
    public TimeSpan? CancelAfter { get; init; }

    /// <summary>
    /// Check the input against the model version's schema before sending (true), or not (false); null follows
    /// <see cref="ReplicateClientOptions.ValidateInputs"/>. An invalid input throws
    /// <see cref="ModelSchemas.ReplicateInputValidationException"/> and nothing is sent.
    /// </summary>
    public bool? ValidateInput { get; init; }

    /// <summary>The <c>Prefer</c> header value for <see cref="Wait"/>, or null.</summary>
    internal string? PreferHeader => Wait switch
    {
        null => null,
        { } w when w == Timeout.InfiniteTimeSpan => "wait",
        { } w => "wait=" + WaitSeconds(w).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>How long the server may hold the response.</summary>
    internal TimeSpan? Hold => Wait switch
    {
        null => null,
        { } w when w == Timeout.InfiniteTimeSpan => TimeSpan.FromSeconds(60),
        { } w => TimeSpan.FromSeconds(WaitSeconds(w)),
    };

    /// <summary>The <c>Cancel-After</c> header value, validated.</summary>
    internal string? CancelAfterHeader => CancelAfter is { } after ? FormatDuration(after) : null;

    /// <summary>Formats a duration as the API expects (<c>45s</c>, <c>5m</c>, <c>1h30m</c>), rounding up to whole seconds.</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        if (duration < MinimumCancelAfter)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, $"Cancel-After must be at least {MinimumCancelAfter.TotalSeconds:0} s.");
        }

        var seconds = (long)Math.Ceiling(duration.TotalSeconds);
        var text = new StringBuilder();
        Append(text, seconds / 3600, 'h');
        Append(text, seconds % 3600 / 60, 'm');
        Append(text, seconds % 60, 's');
        return text.ToString();

        static void Append(StringBuilder text, long value, char unit)
        {
            if (value > 0)
            {
                text.Append(value.ToString(CultureInfo.InvariantCulture)).Append(unit);
            }
        }
    }

    private static int WaitSeconds(TimeSpan wait) => (int)Math.Clamp(Math.Ceiling(wait.TotalSeconds), 1, 60);
}
