namespace Replicate.PactFfi.Native;

/// <summary>
/// One running mock server of the engine, by port. Mismatches and logs are owned by the server: they are copied out
/// while it runs, and <see cref="Dispose"/> (which must always run) releases them with the server.
/// </summary>
internal sealed class NativeMockServer : IDisposable
{
    private bool disposed;

    private NativeMockServer(int port, string host)
    {
        Port = port;
        Uri = new Uri($"http://{host}:{port}/");
    }

    /// <summary>The port the server listens on.</summary>
    internal int Port { get; }

    /// <summary>The server's base address, ending with <c>/</c>.</summary>
    internal Uri Uri { get; }

    /// <summary>Starts a plain-HTTP mock server for every interaction of <paramref name="pact"/>.</summary>
    internal static NativeMockServer Start(ushort pact, string host, int port)
    {
        var result = PactNative.CreateMockServerForTransport(pact, host, checked((ushort)port), "http", null);
        return result > 0
            ? new NativeMockServer(result, host)
            : throw new InvalidOperationException(result switch
            {
                -1 => "The Pact engine refused to start a mock server: the pact handle is not valid (was it already verified?).",
                -3 => $"The Pact engine could not start a mock server on {host}:{port} (port in use, or binding refused).",
                -5 => $"The Pact engine could not parse the mock server address {host}:{port}.",
                _ => $"The Pact engine failed to start a mock server on {host}:{port} (error {result}).",
            });
    }

    /// <summary>Whether every expected request arrived and nothing unexpected did.</summary>
    internal bool Matched() => PactNative.MockServerMatched(Port);

    /// <summary>The engine's mismatch report as JSON (an array), or null when the server has none to give.</summary>
    internal string? MismatchesJson() => PactNative.CopyBorrowed(PactNative.MockServerMismatches(Port));

    /// <summary>This server's own log lines, or null when the engine kept none.</summary>
    internal string? Logs() => PactNative.CopyBorrowed(PactNative.MockServerLogs(Port));

    /// <summary>Writes (merging into an existing file) the pact of this server's interactions to <paramref name="directory"/>.</summary>
    internal void WritePactFile(string directory)
    {
        Directory.CreateDirectory(directory);
        var result = PactNative.WritePactFile(Port, directory, overwrite: false);
        if (result != 0)
        {
            throw new IOException(result switch
            {
                2 => $"The Pact engine could not write the pact file to {directory}.",
                3 => $"The Pact engine found no mock server on port {Port} to write a pact for.",
                _ => $"The Pact engine failed writing the pact file to {directory} (error {result}).",
            });
        }
    }

    /// <summary>Shuts the server down and frees what it owns.</summary>
    public void Dispose()
    {
        if (!disposed)
        {
            disposed = true;
            _ = PactNative.CleanupMockServer(Port);
        }
    }
}
