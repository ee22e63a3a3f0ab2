using Replicate.Client.Errors;

namespace Replicate.Client.Outputs;

/// <summary>
/// An output file could not be downloaded or stored after the retries (expired, gone, a store failure). The
/// prediction itself succeeded: its id and the URL are here to fetch it by other means while it lasts.
/// </summary>
public sealed class ReplicateOutputSaveException : ReplicateException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="key">The key the outputs were stored under.</param>
    /// <param name="predictionId">The prediction whose output it is.</param>
    /// <param name="source">The output URL (a <c>data:</c> URI is not repeated, only its scheme), or null for the output value.</param>
    /// <param name="attempts">How many attempts were made.</param>
    /// <param name="innerException">The last attempt's failure.</param>
    public ReplicateOutputSaveException(string key, string predictionId, Uri? source, int attempts, Exception innerException)
        : base(
            $"The output {Describe(source)} of prediction {predictionId} (key '{key}') could not be saved after {attempts} attempt(s): {innerException?.Message}",
            $"save output of prediction {predictionId}",
            innerException)
    {
        Key = key;
        PredictionId = predictionId;
        OutputUri = source;
    }

    /// <summary>The key the outputs were stored under.</summary>
    public string Key { get; }

    /// <summary>The prediction whose output it is.</summary>
    public string PredictionId { get; }

    /// <summary>The output's URL or data URI, or null for the output value itself.</summary>
    public Uri? OutputUri { get; }

    // The query of a delivery URL may hold a signature, and a data: URI may be megabytes: neither goes in a message.
    private static string Describe(Uri? source) => source is null ? "value"
        : source.Scheme == "data" ? "data: URI"
        : source.GetLeftPart(UriPartial.Path);
}
