using Replicate.Testing;

namespace Replicate.Contracts.Tests;

/// <summary>
/// Where the contracts' pact file goes, and its reset: every run starts from an empty file, because verifications
/// merge into it and an interaction deleted from the tests must not live on in the pact. (In the root namespace: a
/// set-up fixture applies to its own namespace and those below it.)
/// </summary>
[SetUpFixture]
public sealed class PactFiles
{
    /// <summary>The consumer: this client library.</summary>
    public const string Consumer = "replicate-dotnet";

    /// <summary>The provider: Replicate's HTTP API.</summary>
    public const string Provider = "replicate-api";

    /// <summary><c>contract-tests/pacts</c>, the folder <c>make contract</c> checks and <c>make publish-pacts</c> publishes.</summary>
    public static string Directory { get; } = RepoRoot.Combine("contract-tests", "pacts");

    /// <summary>The pact file of this consumer and provider.</summary>
    public static string File { get; } = Path.Combine(Directory, $"{Consumer}-{Provider}.json");

    /// <summary>Settings of every contract's pact.</summary>
    public static PactConfig Config { get; } = new() { PactDir = Directory, LogLevel = PactLogLevel.Information };

    /// <summary>Removes the previous run's pact file.</summary>
    [OneTimeSetUp]
    public void StartFromAnEmptyPact()
    {
        if (System.IO.File.Exists(File))
        {
            System.IO.File.Delete(File);
        }
    }
}
