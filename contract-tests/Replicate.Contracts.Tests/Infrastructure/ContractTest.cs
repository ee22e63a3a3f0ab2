namespace Replicate.Contracts.Tests.Infrastructure;

/// <summary>
/// Base of the consumer contracts: a fresh pact builder per test (each verifies once), and an <see cref="HttpClient"/>
/// for the generated clients aimed at the mock server (base address <c>{mock}/v1/</c>) that sends the bearer token.
/// Contracts of the hand-written flows (run/wait, paging) use <see cref="HandWritten"/>: a <c>ReplicateClient</c> with the
/// same token and base address, so they exercise the real transport pipeline.
/// </summary>
public abstract class ContractTest
{
    /// <summary>The token the contracts send; any non-empty token matches the pact.</summary>
    public const string Token = "r8_contract_test_token";

    /// <summary>This test's pact builder.</summary>
    protected IPactBuilderV4 PactBuilder { get; private set; } = null!;

    /// <summary>Starts this test's pact.</summary>
    [SetUp]
    public void StartPact() => PactBuilder = Pact.V4(PactFiles.Consumer, PactFiles.Provider, PactFiles.Config).WithHttpInteractions();

    /// <summary>An HTTP client for the API under the mock server, sending the bearer token.</summary>
    protected static HttpClient Api(IConsumerContext context) =>
        new(new BearerTokenHandler(Token)) { BaseAddress = new Uri(context.MockServerUri, "v1/") };

    /// <summary>The hand-written client (transport pipeline, waiting, paging) aimed at the mock server.</summary>
    protected static Replicate.Client.ReplicateClient HandWritten(IConsumerContext context) =>
        new(new Replicate.Client.ReplicateClientOptions { BaseAddress = new Uri(context.MockServerUri, "v1/"), ApiToken = Token });
}
