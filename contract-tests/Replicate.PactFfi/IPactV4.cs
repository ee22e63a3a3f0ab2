namespace Replicate.PactFfi;

/// <summary>A V4 pact between one consumer and one provider, before its kind of interactions is chosen.</summary>
public interface IPactV4
{
    /// <summary>The consumer's name, as written into the pact file.</summary>
    string Consumer { get; }

    /// <summary>The provider's name, as written into the pact file.</summary>
    string Provider { get; }

    /// <summary>The pact's settings.</summary>
    PactConfig Config { get; }

    /// <summary>
    /// Starts a builder of synchronous HTTP interactions, verified against a mock server on the loopback interface.
    /// Each builder verifies once: create one per test.
    /// </summary>
    /// <param name="port">The port to listen on; a free one when null.</param>
    IPactBuilderV4 WithHttpInteractions(int? port = null);
}
