namespace Replicate.Testing;

/// <summary>What a <see cref="FakeFault"/> does to a request.</summary>
public enum FakeFaultKind
{
    /// <summary>Answers with <see cref="FakeFault.StatusCode"/> (default 503) and a problem-details body, without processing the request.</summary>
    ServerError,

    /// <summary>Drops the connection before answering (in process: an <see cref="HttpRequestException"/> over an <see cref="IOException"/>).</summary>
    ConnectionReset,

    /// <summary>Processes the request, then sends the body slowly: <see cref="FakeFault.Delay"/> before each chunk.</summary>
    SlowBody,

    /// <summary>Processes the request, sends the headers and part of the body, then drops the connection.</summary>
    ResetMidBody,
}
