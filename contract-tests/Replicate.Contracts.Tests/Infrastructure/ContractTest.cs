namespace Replicate.Contracts.Tests.Infrastructure;

/// <summary>
/// Base of the consumer contracts: a fresh pact builder per test (each verifies once), and an <see cref="HttpClient"/>
/// for the generated clients aimed at the mock server (base address <c>{mock}/v1/</c>) that sends the bearer token.
/// Contracts of the hand-written flows (run/wait, paging) use <see cref="HandWritten"/>: a <c>ReplicateClient</c> with the
/// same token and base address, so they exercise the real transport pipeline.
/// <para>
/// Every contract runs once per flavour (<see cref="ClientFlavour"/>): the same interactions, declared by the same code,
/// driven by the NSwag client and by the Kiota client (<see cref="Kiota"/>), each flavour writing the pact of its own
/// consumer (<see cref="PactFiles.ConsumerOf"/>), so pact vs spec counts each flavour's coverage on its own.
/// </para>
/// </summary>
[TestFixtureSource(typeof(ContractTest), nameof(Flavours))]
public abstract class ContractTest(ClientFlavour flavour)
{
    /// <summary>Both flavours, one fixture each.</summary>
    public static readonly ClientFlavour[] Flavours = [ClientFlavour.NSwag, ClientFlavour.Kiota];

    /// <summary>The client this run of the contract drives.</summary>
    protected ClientFlavour Flavour { get; } = flavour;

    /// <summary>The token the contracts send; any non-empty token matches the pact.</summary>
    public const string Token = "r8_contract_test_token";

    /// <summary>This test's pact builder.</summary>
    protected IPactBuilderV4 PactBuilder { get; private set; } = null!;

    /// <summary>Starts this test's pact.</summary>
    [SetUp]
    public void StartPact() => PactBuilder = Pact.V4(PactFiles.ConsumerOf(Flavour), PactFiles.Provider, PactFiles.Config).WithHttpInteractions();

    /// <summary>Verifies this test's interactions with the code of this run's flavour.</summary>
    protected Task VerifyAsync(Func<IConsumerContext, Task> nswag, Func<IConsumerContext, Task> kiota) =>
        PactBuilder.VerifyAsync(Flavour == ClientFlavour.NSwag ? nswag : kiota);

    /// <summary>
    /// The Kiota client (<c>ReplicateKiotaClient.Create</c>, the transport pipeline of Replicate.Client) aimed at the mock
    /// server. <paramref name="retries"/> false for an interaction the engine answers the same way every time (a 429).
    /// </summary>
    protected static Replicate.Kiota.ReplicateKiotaClient Kiota(IConsumerContext context, bool retries = true)
    {
        var options = new Replicate.Client.ReplicateClientOptions { BaseAddress = new Uri(context.MockServerUri, "v1/"), ApiToken = Token };
        options.Retry.Enabled = retries;
        return Replicate.Kiota.ReplicateKiotaClient.Create(options);
    }

    /// <summary>An HTTP client for the API under the mock server, sending the bearer token.</summary>
    protected static HttpClient Api(IConsumerContext context) =>
        new(new BearerTokenHandler(Token)) { BaseAddress = new Uri(context.MockServerUri, "v1/") };

    /// <summary>The hand-written client (transport pipeline, waiting, paging) aimed at the mock server.</summary>
    protected static Replicate.Client.ReplicateClient HandWritten(IConsumerContext context) =>
        new(new Replicate.Client.ReplicateClientOptions { BaseAddress = new Uri(context.MockServerUri, "v1/"), ApiToken = Token });
}

/// <summary>Which generated client a contract drives.</summary>
public enum ClientFlavour
{
    /// <summary>Replicate.Generated (NSwag), over a plain <see cref="HttpClient"/> with the token, or Replicate.Client.</summary>
    NSwag,

    /// <summary>Replicate.Kiota, over Replicate.Client's transport pipeline.</summary>
    Kiota,
}
