using System.Buffers;
using System.Net;

namespace Replicate.Client.Transport;

/// <summary>
/// A response body read within its attempt, held in a pooled buffer that returns to the pool when the response is
/// disposed: the read is covered by the attempt's timeout and retries, and costs no second copy of the body.
/// </summary>
internal sealed class BufferedContent : HttpContent
{
    /// <summary>
    /// Set on a request whose reader needs the media type of a JSON success body too (Kiota's request adapter picks its
    /// parser by it: without one it returns null); the NSwag flavour reads JSON by definition and saves the header store.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> KeepContentHeaders = new("Replicate.KeepContentHeaders");

    private byte[]? _buffer;
    private readonly int _length;

    /// <summary>
    /// Takes ownership of a rented <paramref name="buffer"/> holding the body's first <paramref name="length"/> bytes.
    /// With <paramref name="keepHeaders"/> false (a JSON success body: UTF-8 by definition, and nothing reads its media
    /// type) no content header is copied, which saves a header store per call.
    /// </summary>
    public BufferedContent(byte[] buffer, int length, HttpContent original, bool keepHeaders = true)
    {
        _buffer = buffer;
        _length = length;
        if (!keepHeaders)
        {
            return;
        }

        // Content-Length is computed; the other content headers (the media type, for error mapping) are carried over
        // unparsed. Most responses have only Content-Type, so this stays one header.
        foreach (var (name, values) in original.Headers.NonValidated)
        {
            if (!string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (values.Count == 1)
                {
                    Headers.TryAddWithoutValidation(name, values.ToString());
                }
                else
                {
                    Headers.TryAddWithoutValidation(name, [.. values]);
                }
            }
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
