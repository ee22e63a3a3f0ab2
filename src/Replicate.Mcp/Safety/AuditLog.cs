using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Replicate.Mcp.Safety;

/// <summary>
/// One JSON object per line for every <c>tools/call</c> — successful, failed, refused and cancelled alike: time, tool,
/// arguments without secrets, outcome, HTTP status and prediction id when there is one, duration, and the error.
/// Lines are appended and flushed one at a time under a lock, so concurrent calls never interleave.
/// </summary>
internal sealed class AuditLog : IDisposable
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly StreamWriter? _writer;
    private readonly Lock _gate = new();

    private AuditLog(StreamWriter? writer) => _writer = writer;

    /// <summary>No log.</summary>
    public static AuditLog None { get; } = new(null);

    /// <summary>Opens (appends to) the file now, so a path that cannot be written fails at start, not at the first call.</summary>
    /// <exception cref="ArgumentException">The file cannot be opened for appending.</exception>
    public static AuditLog Open(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var stream = new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            return new AuditLog(new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = false });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ArgumentException($"{ReplicateMcpOptions.AuditLogVariable}: cannot append to '{path}': {e.Message}", nameof(path), e);
        }
    }

    public void Write(ToolCallRecord record)
    {
        if (_writer is null)
        {
            return;
        }

        var line = new JsonObject
        {
            ["time"] = record.Time.ToString("O", CultureInfo.InvariantCulture),
            ["tool"] = record.Tool,
            ["arguments"] = record.Arguments,
            ["outcome"] = record.Outcome,
            ["duration_ms"] = Math.Round(record.Duration.TotalMilliseconds, 1),
        };
        if (record.Status is { } status)
        {
            line["status"] = status;
        }

        if (record.PredictionId is { } id)
        {
            line["prediction_id"] = id;
        }

        if (record.Error is { } error)
        {
            line["error"] = error;
        }

        var text = line.ToJsonString(Compact);
        lock (_gate)
        {
            _writer.WriteLine(text);
            _writer.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
        }
    }
}

/// <summary>What the audit log records of one call. <see cref="Outcome"/> is <c>success</c>, <c>error</c>, <c>refused</c> or <c>cancelled</c>.</summary>
internal sealed record ToolCallRecord(DateTimeOffset Time, string Tool, JsonObject Arguments, string Outcome, TimeSpan Duration, int? Status, string? PredictionId, string? Error);
