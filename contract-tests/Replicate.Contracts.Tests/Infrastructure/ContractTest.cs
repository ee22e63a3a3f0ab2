namespace Replicate.Contracts.Tests.Infrastructure;

/// <summary>
/// Base of the consumer contracts: a fresh pact builder per test (each verifies once), and an <see cref="HttpClient"/>
/// for the generated clients aimed at the mock server (base address <c>{mock}/v1/</c>) that sends the bearer token.
/// Contracts of the hand-written flows (run/wait, paging, retries) derive from it the same way and call
/// <c>Replicate.Client</c> with <see cref="Api"/>'s client, or the same token and base address.
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
}
