namespace Replicate.PactFfi;

/// <summary>Collects HTTP interactions, then verifies that the code under test makes exactly those requests.</summary>
public interface IPactBuilderV4
{
    /// <summary>Starts a new interaction. The description names it in the pact file and must be unique in the pact.</summary>
    IRequestBuilderV4 UponReceiving(string description);

    /// <summary>Runs <paramref name="interact"/> against a mock server of the interactions; see <see cref="VerifyAsync"/>.</summary>
    void Verify(Action<IConsumerContext> interact);

    /// <summary>
    /// Starts a mock server that serves the interactions, runs <paramref name="interact"/> against it, and fails with
    /// a <see cref="PactFailureException"/> naming every mismatch (an unexpected request, a request that differs from
    /// its interaction, an interaction never requested). When everything matched, the interactions are merged into
    /// the pact file. The mock server is shut down and the pact released whatever happens.
    /// </summary>
    /// <param name="interact">The consumer code under test, given the mock server's address.</param>
    /// <param name="cancellationToken">Stops before the server starts or before the pact file is written.</param>
    Task VerifyAsync(Func<IConsumerContext, Task> interact, CancellationToken cancellationToken = default);
}
