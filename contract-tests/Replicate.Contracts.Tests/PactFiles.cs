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
    /// <summary>The consumer: this client library (the NSwag flavour, Replicate.Generated and Replicate.Client).</summary>
    public const string Consumer = "replicate-dotnet";

    /// <summary>
    /// The Kiota flavour (Replicate.Kiota) is a consumer of its own: a Pact Broker then tracks and verifies each flavour's
    /// pact apart, and pact vs spec counts each flavour's coverage apart (in one pact, interactions merge by description,
    /// so one flavour losing a contract would hide behind the other's).
    /// </summary>
    public const string KiotaConsumer = "replicate-dotnet-kiota";

    /// <summary>The provider: Replicate's HTTP API.</summary>
    public const string Provider = "replicate-api";

    /// <summary><c>contract-tests/pacts</c>, the folder <c>make contract</c> checks and <c>make publish-pacts</c> publishes.</summary>
    public static string Directory { get; } = RepoRoot.Combine("contract-tests", "pacts");

    /// <summary>The pact file of this consumer and provider.</summary>
    public static string File { get; } = FileOf(Consumer);

    /// <summary>The consumer name of a flavour.</summary>
    public static string ConsumerOf(Infrastructure.ClientFlavour flavour) =>
        flavour == Infrastructure.ClientFlavour.Kiota ? KiotaConsumer : Consumer;

    /// <summary>The pact file of a consumer with the provider.</summary>
    public static string FileOf(string consumer) => Path.Combine(Directory, $"{consumer}-{Provider}.json");

    /// <summary>Settings of every contract's pact.</summary>
    public static PactConfig Config { get; } = new() { PactDir = Directory, LogLevel = PactLogLevel.Information };

    /// <summary>Removes the previous run's pact file.</summary>
    [OneTimeSetUp]
    public void StartFromAnEmptyPact()
    {
        foreach (var file in new[] { FileOf(Consumer), FileOf(KiotaConsumer) }.Where(System.IO.File.Exists))
        {
            System.IO.File.Delete(file);
        }
    }
}
