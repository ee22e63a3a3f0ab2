namespace Replicate.Generated;

/// <summary>A file sent as a multipart form field (the upload of <c>POST /files</c>).</summary>
/// <param name="data">The content; read once when the request is sent, not disposed by the client.</param>
/// <param name="fileName">The file name the server records (default: the field name).</param>
/// <param name="contentType">The part's media type (none when null).</param>
public sealed class FileParameter(Stream data, string? fileName = null, string? contentType = null)
{
    /// <summary>The content.</summary>
    public Stream Data { get; } = data ?? throw new ArgumentNullException(nameof(data));

    /// <summary>The file name sent with the part.</summary>
    public string? FileName { get; } = fileName;

    /// <summary>The part's media type.</summary>
    public string? ContentType { get; } = contentType;
}
