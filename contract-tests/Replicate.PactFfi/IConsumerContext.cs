namespace Replicate.PactFfi;

/// <summary>What the code under test needs during a verification: where the mock server listens.</summary>
public interface IConsumerContext
{
    /// <summary>The mock server's base address (<c>http://127.0.0.1:{port}/</c>).</summary>
    Uri MockServerUri { get; }
}
