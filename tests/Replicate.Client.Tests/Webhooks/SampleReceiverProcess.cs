using System.Collections.Concurrent;
using System.Diagnostics;
using Replicate.Testing;

namespace Replicate.Client.Tests.Webhooks;

/// <summary>
/// The sample receiver (samples/WebhookReceiver, built with the solution) running as its own process on
/// 127.0.0.1 with an ephemeral port. Disposing kills that process, by its id.
/// </summary>
internal sealed class SampleReceiverProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly SemaphoreSlim _lineArrived = new(0);

    private SampleReceiverProcess(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every line the receiver wrote so far (stdout and stderr).</summary>
    public IReadOnlyList<string> Output => [.. _output];

    public static async Task<SampleReceiverProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        // Same configuration as this test assembly: bin/<Configuration>/net10.0/.
        var configuration = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)))!;
        var dll = RepoRoot.Combine("samples", "WebhookReceiver", "bin", configuration, "net10.0", "WebhookReceiver.dll");
        File.Exists(dll).Should().BeTrue($"the sample is built with the solution ({dll}); run 'make test' or 'dotnet build Replicate.Generated.sln'");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["exec", dll, "--urls", "http://127.0.0.1:0"])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("REPLICATE_API_TOKEN");
        start.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var receiver = new SampleReceiverProcess(new Process { StartInfo = start });
        receiver._process.OutputDataReceived += (_, e) => receiver.Collect(e.Data);
        receiver._process.ErrorDataReceived += (_, e) => receiver.Collect(e.Data);
        receiver._process.Start();
        receiver._process.BeginOutputReadLine();
        receiver._process.BeginErrorReadLine();
        try
        {
            const string Marker = "WebhookReceiver listening on ";
            var line = await receiver.WaitForLineAsync(l => l.StartsWith(Marker, StringComparison.Ordinal), StartTimeout);
            receiver.BaseAddress = new Uri(line[Marker.Length..].TrimEnd('/') + "/");
            return receiver;
        }
        catch
        {
            receiver.Dispose();
            throw;
        }
    }

    /// <summary>The first line matching, waiting for it to be written.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_output.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || _process.HasExited)
            {
                throw new AssertionException(
                    $"The receiver wrote no matching line within {timeout.TotalSeconds} s (exited: {_process.HasExited}). Output:\n{string.Join('\n', _output)}");
            }

            await _lineArrived.WaitAsync(left < TimeSpan.FromMilliseconds(500) ? left : TimeSpan.FromMilliseconds(500));
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        finally
        {
            _process.Dispose();
            _lineArrived.Dispose();
        }
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
            _lineArrived.Release();
        }
    }
}
