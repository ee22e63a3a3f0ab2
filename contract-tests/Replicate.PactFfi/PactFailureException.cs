namespace Replicate.PactFfi;

/// <summary>The code under test did not make exactly the requests the pact describes.</summary>
public sealed class PactFailureException : Exception
{
    /// <summary>A failure with its message.</summary>
    public PactFailureException(string message)
        : base(message)
    {
        Mismatches = [];
    }

    /// <summary>A failure with its message and the exception the code under test threw meanwhile.</summary>
    public PactFailureException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Mismatches = [];
    }

    /// <summary>A failure listing each mismatch.</summary>
    public PactFailureException(string message, IReadOnlyList<PactMismatch> mismatches, Exception? innerException)
        : base(message, innerException)
    {
        Mismatches = mismatches;
    }

    /// <summary>A failure with no message of its own.</summary>
    public PactFailureException()
        : this("The pact verification failed.")
    {
    }

    /// <summary>Every mismatch the mock server reported.</summary>
    public IReadOnlyList<PactMismatch> Mismatches { get; }
}
