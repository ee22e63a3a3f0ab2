using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Replicate.Client.Batches;

/// <summary>
/// The default <see cref="IBatchJournal"/>: an append-only file of JSON lines (<c>{"key":"a","id":"…"}</c>, then
/// <c>{"key":"a","id":"…","done":true}</c> when finished), each flushed to disk (fsync) before the call returns. A last
/// line cut short by a crash is ignored on load and cut off before the next record (the item it names was not recorded);
/// a malformed line anywhere else is an error, not a guess.
/// </summary>
public sealed class FileBatchJournal : IBatchJournal, IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private FileStream? _stream;
    private bool _disposed;

    /// <summary>A journal in the file at <paramref name="path"/> (created on the first record; its folder must exist).</summary>
    public FileBatchJournal(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The journal file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, BatchJournalEntry>> LoadAsync(CancellationToken cancellationToken = default)
    {
        var entries = new Dictionary<string, BatchJournalEntry>(StringComparer.Ordinal);
        if (!File.Exists(Path))
        {
            return entries;
        }

        string text;
        try
        {
            text = await File.ReadAllTextAsync(Path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new ReplicateJournalException($"The batch journal {Path} could not be read: {e.Message}", "read journal", e);
        }

        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var torn = i == lines.Length - 1; // no newline after it: the write was cut short
            if (!TryParse(line, out var key, out var id, out var done))
            {
                if (torn)
                {
                    continue;
                }

                throw new ReplicateJournalException($"The batch journal {Path} has a malformed line {i + 1}; expected {{\"key\":…,\"id\":…}}.", "read journal");
            }

            var completed = done || (entries.TryGetValue(key, out var known) && known.PredictionId == id && known.Completed);
            entries[key] = new BatchJournalEntry(key, id, completed);
        }

        return entries;
    }

    /// <inheritdoc />
    public Task RecordCreatedAsync(string key, string predictionId, CancellationToken cancellationToken = default) =>
        AppendAsync(key, predictionId, done: false, cancellationToken);

    /// <inheritdoc />
    public Task RecordCompletedAsync(string key, string predictionId, CancellationToken cancellationToken = default) =>
        AppendAsync(key, predictionId, done: true, cancellationToken);

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        _lock.Wait();
        try
        {
            _disposed = true;
            _stream?.Dispose();
            _stream = null;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task AppendAsync(string key, string predictionId, bool done, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(predictionId);
        var line = new ArrayBufferWriter<byte>(64 + key.Length + predictionId.Length);
        using (var writer = new Utf8JsonWriter(line))
        {
            writer.WriteStartObject();
            writer.WriteString("key", key);
            writer.WriteString("id", predictionId);
            if (done)
            {
                writer.WriteBoolean("done", true);
            }

            writer.WriteEndObject();
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var stream = _stream ??= Open();
            await stream.WriteAsync(line.WrittenMemory, CancellationToken.None).ConfigureAwait(false);
            stream.WriteByte((byte)'\n');
            stream.Flush(flushToDisk: true);
        }
        catch (IOException e)
        {
            throw new ReplicateJournalException($"The batch journal {Path} could not be written: {e.Message}", "write journal", e);
        }
        finally
        {
            _lock.Release();
        }
    }

    // Appends. A last line a crash cut short (its record was never acknowledged) is cut off first, so every line
    // before the end of the file is whole.
    private FileStream Open()
    {
        var stream = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 4096, FileOptions.None);
        var end = stream.Length;
        while (end > 0)
        {
            stream.Position = end - 1;
            if (stream.ReadByte() == '\n')
            {
                break;
            }

            end--;
        }

        if (end != stream.Length)
        {
            stream.SetLength(end);
            stream.Flush(flushToDisk: true);
        }

        stream.Position = end;
        return stream;
    }

    private static bool TryParse(string line, out string key, out string id, out bool done)
    {
        key = id = string.Empty;
        done = false;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("key", out var k) || k.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("id", out var p) || p.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            key = k.GetString()!;
            id = p.GetString()!;
            done = root.TryGetProperty("done", out var d) && d.ValueKind == JsonValueKind.True;
            return key.Length > 0 && id.Length > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
