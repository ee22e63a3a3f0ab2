using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Replicate.Mcp.Tests;

/// <summary>
/// The server as an agent's client runs it: <c>replicate-mcp</c> (the build of src/Replicate.Mcp) started as a process,
/// spoken to by the MCP SDK's own client over its stdin and stdout, pointed at a fake Replicate on a loopback Kestrel
/// server. Everything the server writes (stdout, stderr) is kept for the secrecy checks.
/// </summary>
internal sealed class McpHarness : IAsyncDisposable
{
    /// <summary>The API token the server gets from its environment (and the fake requires).</summary>
    public const string Token = "r8_McpHarnessToken7f3a9c1e5b";

    private readonly Process _process;
    private readonly RecordingStream _stdout;
    private readonly StringBuilder _stderr = new();
    private readonly Task _stderrPump;

    private McpHarness(FakeReplicate fake, Process process, RecordingStream stdout, string downloads, string? auditLog, StringBuilder stderr, Task pump)
    {
        Fake = fake;
        _process = process;
        _stdout = stdout;
        Client = null!;
        Downloads = downloads;
        AuditLogPath = auditLog;
        _stderr = stderr;
        _stderrPump = pump;
    }

    public FakeReplicate Fake { get; }

    public McpClient Client { get; private set; }

    /// <summary>The server's download folder (a fresh temporary folder).</summary>
    public string Downloads { get; }

    public string? AuditLogPath { get; }

    /// <summary>Every byte the server wrote to stdout so far, as text.</summary>
    public string Stdout => _stdout.Text;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public string AuditLog => AuditLogPath is not null && File.Exists(AuditLogPath)
        ? File.ReadAllText(AuditLogPath)
        : string.Empty;

    /// <summary>The audit log's lines, parsed.</summary>
    public IReadOnlyList<JsonElement> AuditLines() =>
        [.. AuditLog.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    /// <summary>The build of the server these tests run against (same configuration as the tests).</summary>
    public static string ServerDll { get; } = RepoRoot.Combine("src", "Replicate.Mcp", "bin", Configuration, "net10.0", "Replicate.Mcp.dll");

    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    /// <summary>Starts a fake (seeded by <paramref name="seed"/>) and the server against it, and connects the SDK's client.</summary>
    public static async Task<McpHarness> StartAsync(
        Action<FakeReplicate>? seed = null,
        IReadOnlyDictionary<string, string>? environment = null,
        IReadOnlyList<string>? arguments = null,
        FakeReplicateOptions? fakeOptions = null,
        bool audit = true)
    {
        var fake = new FakeReplicate(fakeOptions ?? new FakeReplicateOptions { ApiToken = Token });
        await fake.StartServerAsync();
        seed?.Invoke(fake);
        var downloads = Directory.CreateTempSubdirectory("replicate-mcp-downloads-").FullName;
        var auditLog = audit ? Path.Combine(downloads, "..", Path.GetFileName(downloads) + ".audit.jsonl") : null;
        var start = StartInfo(fake.BaseAddress, downloads, auditLog, environment, arguments);
        var process = Process.Start(start)!;
        var stdout = new RecordingStream(process.StandardOutput.BaseStream);
        var stderr = new StringBuilder();
        var pump = PumpAsync(process.StandardError, stderr);
        var harness = new McpHarness(fake, process, stdout, downloads, auditLog, stderr, pump);
        try
        {
            harness.Client = await McpClient.CreateAsync(
                new StreamClientTransport(process.StandardInput.BaseStream, stdout),
                new McpClientOptions { ClientInfo = new Implementation { Name = "replicate-mcp-tests", Version = "1.0" }, InitializationTimeout = TimeSpan.FromSeconds(40) });
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }

        return harness;
    }

    /// <summary>The server's start: <c>dotnet exec</c> of its build, with only the variables given (no REPLICATE_* of the machine leaks in).</summary>
    public static ProcessStartInfo StartInfo(Uri baseAddress, string downloads, string? auditLog, IReadOnlyDictionary<string, string>? environment, IReadOnlyList<string>? arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(ServerDll);
        foreach (var argument in arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("REPLICATE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["REPLICATE_API_TOKEN"] = Token;
        start.Environment["REPLICATE_BASE_URL"] = baseAddress.AbsoluteUri;
        start.Environment["REPLICATE_MCP_DOWNLOAD_DIR"] = downloads;
        if (auditLog is not null)
        {
            start.Environment["REPLICATE_MCP_AUDIT_LOG"] = auditLog;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>Calls a tool with JSON arguments.</summary>
    public async Task<CallToolResult> CallAsync(string tool, object? arguments = null, IProgress<ModelContextProtocol.ProgressNotificationValue>? progress = null, CancellationToken cancellationToken = default)
    {
        var json = arguments is null ? [] : JsonSerializer.SerializeToElement(arguments).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        return await Client.CallToolAsync(tool, json, progress, cancellationToken: cancellationToken);
    }

    /// <summary>Closes the server's stdin and waits for it to exit (killing it, by its id, only if it does not).</summary>
    public async Task<int> StopAsync(TimeSpan? limit = null)
    {
        if (Client is not null)
        {
            await Client.DisposeAsync();
        }

        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already closed by the client.
        }

        using var wait = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(15));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return -1;
        }

        await _stderrPump;
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await StopAsync();
        }

        _process.Dispose();
        await Fake.DisposeAsync();
        Directory.Delete(Downloads, recursive: true);
        if (AuditLogPath is not null && File.Exists(AuditLogPath))
        {
            File.Delete(AuditLogPath);
        }
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (into)
            {
                into.AppendLine(line);
            }
        }
    }

    /// <summary>A read-only view of the server's stdout that keeps a copy of every byte read.</summary>
    private sealed class RecordingStream(Stream inner) : Stream
    {
        private readonly MemoryStream _copy = new();

        public string Text
        {
            get
            {
                lock (_copy)
                {
                    return Encoding.UTF8.GetString(_copy.ToArray());
                }
            }
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => Record(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            return Record(buffer.Span[..read]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Record(ReadOnlySpan<byte> bytes)
        {
            lock (_copy)
            {
                _copy.Write(bytes);
            }

            return bytes.Length;
        }
    }
}
