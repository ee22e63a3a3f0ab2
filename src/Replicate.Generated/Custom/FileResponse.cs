namespace Replicate.Generated;

/// <summary>A binary response (a file download): read <see cref="Stream"/>, then dispose.</summary>
public sealed class FileResponse : IDisposable, IAsyncDisposable
{
    private readonly IDisposable? _response;

    /// <summary>Creates a binary response (for tests and mocks; the clients make their own).</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="headers">Response and content headers.</param>
    /// <param name="stream">The body.</param>
    /// <param name="response">What to dispose with it (the HTTP response), if anything.</param>
    public FileResponse(int statusCode, IReadOnlyDictionary<string, IEnumerable<string>> headers, Stream stream, IDisposable? response = null)
    {
        StatusCode = statusCode;
        Headers = headers ?? throw new ArgumentNullException(nameof(headers));
        Stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _response = response;
    }

    /// <summary>The HTTP status.</summary>
    public int StatusCode { get; }

    /// <summary>Response and content headers, by name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, IEnumerable<string>> Headers { get; }

    /// <summary>The body, read as it arrives.</summary>
    public Stream Stream { get; }

    /// <summary>The body's media type, when the server sent one.</summary>
    public string? ContentType => Headers.TryGetValue("Content-Type", out var values) ? values.FirstOrDefault() : null;

    /// <summary>Releases the body and the connection.</summary>
    public void Dispose()
    {
        Stream.Dispose();
        _response?.Dispose();
    }

    /// <summary>Releases the body and the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync().ConfigureAwait(false);
        _response?.Dispose();
    }
}
