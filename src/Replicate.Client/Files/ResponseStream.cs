using System.Net;
using System.Net.Http.Headers;
using Replicate.Client.Errors;
using Replicate.Generated;

namespace Replicate.Client.Files;

/// <summary>
/// An output file's body as it arrives, releasing its HTTP response when disposed. A connection that breaks while it
/// is read is resumed from the byte reached (<c>Range</c>, when the server accepts ranges; three times at most);
/// otherwise the failure is a <see cref="ReplicateNetworkException"/> naming the download, never a raw I/O error.
/// </summary>
internal sealed class ResponseStream(HttpClient http, Uri url, HttpResponseMessage response, Stream inner) : ReadOnlyStream
{
    private const int MaxResumes = 3;

    private HttpResponseMessage _response = response;
    private Stream _inner = inner;
    private long _position;
    private int _resumes;

    private string Operation => "GET " + url.AbsolutePath;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            var read = _inner.Read(buffer);
            _position += read;
            return read;
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw Broken(e);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            try
            {
                var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                _position += read;
                return read;
            }
            catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                if (!CanResume())
                {
                    throw Broken(e);
                }

                await ResumeAsync(e, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _response.Dispose();
        }

        base.Dispose(disposing);
    }

    private bool CanResume() =>
        _resumes < MaxResumes && _response.Headers.AcceptRanges.Contains("bytes", StringComparer.OrdinalIgnoreCase);

    private async Task ResumeAsync(Exception cause, CancellationToken cancellationToken)
    {
        _resumes++;
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Options.Set(GeneratedCore.StreamResponse, true);
        request.Headers.Range = new RangeHeaderValue(_position, null);
        if (_response.Headers.ETag is { } etag)
        {
            request.Headers.IfRange = new RangeConditionHeaderValue(etag);
        }

        HttpResponseMessage? next = null;
        try
        {
            next = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (next.StatusCode != HttpStatusCode.PartialContent || next.Content.Headers.ContentRange?.From != _position)
            {
                throw Broken(cause, $" (the server did not resume at byte {_position}: HTTP {(int)next.StatusCode})");
            }

            var stream = await next.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await _inner.DisposeAsync().ConfigureAwait(false);
            _response.Dispose();
            (_response, _inner, next) = (next, stream, null);
        }
        catch (Exception e) when (e is not ReplicateException and not OperationCanceledException)
        {
            throw Broken(e);
        }
        finally
        {
            next?.Dispose();
            request.Dispose();
        }
    }

    private ReplicateNetworkException Broken(Exception e, string detail = "") =>
        new($"{Operation}: the connection broke after {_position} bytes of the output{detail}: {e.Message}", Operation, e);
}
