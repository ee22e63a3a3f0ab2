namespace Replicate.PactFfi;

/// <summary>How much the Pact engine logs into each mock server's log (shown when a verification fails).</summary>
public enum PactLogLevel
{
    /// <summary>Everything, including every matching step.</summary>
    Trace,

    /// <summary>Requests received and how they were matched.</summary>
    Debug,

    /// <summary>Lifecycle events (the default).</summary>
    Information,

    /// <summary>Warnings and errors.</summary>
    Warn,

    /// <summary>Errors only.</summary>
    Error,

    /// <summary>Nothing.</summary>
    None,
}
