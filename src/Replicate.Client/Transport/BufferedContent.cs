using System.Buffers;
using System.Net;

namespace Replicate.Client.Transport;

/// <summary>
/// A response body read within its attempt, held in a pooled buffer that returns to the pool when the response is
/// disposed: the read is covered by the attempt's timeout and retries, and costs no second copy of the body.
/// </summary>
internal sealed class BufferedContent : HttpContent
{
    private byte[]? _buffer;
    private readonly int _length;

    private BufferedContent(byte[] buffer, int length, HttpContent original)
    {
        _buffer = buffer;
        _length = length;
        foreach (var (name, values) in original.Headers)
        {
            Headers.TryAddWithoutValidation(name, values);
        }
    }

    /// <summary>
    /// Reads <paramref name="content"/> into a pooled buffer: at most <paramref name="limit"/> bytes; beyond that, with
    /// <paramref name="cut"/> the rest is discarded unread (an error body), without it the read fails (null is returned).
    /// </summary>
    public static async Task<BufferedContent?> ReadAsync(HttpContent content, long limit, bool cut, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (!cut && declared > limit)
        {
            return null;
        }

        var capacity = (int)Math.Min(declared is { } known && known >= 0 ? known + 1 : 16 * 1024, limit + 1);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 256));
        var length = 0;
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (length > limit)
                        {
                            break;
                        }

                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(length, (int)Math.Min(buffer.Length - length, limit + 1 - length)), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                    if (length > limit)
                    {
                        break;
                    }
                }
            }

            if (length > limit)
            {
                if (!cut)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }

                length = (int)limit;
            }

            return new BufferedContent(buffer, length, content);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(Buffer(), 0, _length);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(Buffer().AsMemory(0, _length), cancellationToken).AsTask();

    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) => new MemoryStream(Buffer(), 0, _length, writable: false);

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult(CreateContentReadStream(CancellationToken.None));

    protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => Task.FromResult(CreateContentReadStream(cancellationToken));

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        base.Dispose(disposing);
    }

    private byte[] Buffer() => _buffer ?? throw new ObjectDisposedException(nameof(BufferedContent));
}
