using System.Text.Json;

namespace Replicate.PactFfi;

/// <summary>Settings of a pact: where pact files go, how much the engine logs, and how JSON bodies are written.</summary>
public class PactConfig
{
    /// <summary>
    /// The folder pact files are written to (created when missing). Files are merged, never overwritten, so
    /// interactions verified by different tests collect in one file per consumer and provider.
    /// </summary>
    public string PactDir { get; set; } = Path.Combine(AppContext.BaseDirectory, "pacts");

    /// <summary>
    /// The engine's log level. The engine installs its logger once per process, so the level of the first pact
    /// built in a process is the one that holds.
    /// </summary>
    public PactLogLevel LogLevel { get; set; } = PactLogLevel.Information;

    /// <summary>Serializer settings for <c>WithJsonBody</c> (matchers are added to them); camelCase names by default.</summary>
    public JsonSerializerOptions DefaultJsonSettings { get; set; } = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}
