using System.Text;

namespace Replicate.Client.Streaming;

/// <summary>
/// A read-only pass-through that remembers the last bytes read, so the end of an SSE stream can be inspected after
/// the parser is done with it.
/// </summary>
// CUSTOM: System.Net.ServerSentEvents follows the HTML rule that an event without data is not dispatched; Replicate
// may end a stream with a bare "event: done", which must not read as a cut stream.
internal sealed class TailStream(Stream inner) : Files.ReadOnlyStream
{
    private readonly byte[] _tail = new byte[128];
    private int _length;

    /// <summary>Whether the last event block read names <paramref name="eventType"/>.</summary>
    public bool EndsWithEvent(string eventType)
    {
        var text = Encoding.UTF8.GetString(_tail, 0, _length).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimEnd('\n');
        var block = text[(text.LastIndexOf("\n\n", StringComparison.Ordinal) + 1)..];
        return block.Split('\n').Any(line => line.StartsWith("event:", StringComparison.Ordinal) && line["event:".Length..].Trim() == eventType);
    }

    public override int Read(byte[] buffer, int offset, int count) => Remember(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Remember(buffer.AsSpan(offset, await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Remember(buffer.Span[..read]);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int Remember(ReadOnlySpan<byte> read)
    {
        if (read.Length >= _tail.Length)
        {
            read[^_tail.Length..].CopyTo(_tail);
            _length = _tail.Length;
        }
        else
        {
            var keep = Math.Min(_length, _tail.Length - read.Length);
            Array.Copy(_tail, _length - keep, _tail, 0, keep);
            read.CopyTo(_tail.AsSpan(keep));
            _length = keep + read.Length;
        }

        return read.Length;
    }
}
