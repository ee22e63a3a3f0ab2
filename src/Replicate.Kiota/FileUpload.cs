using Microsoft.Kiota.Abstractions;

namespace Replicate.Kiota;

// CUSTOM: Kiota types every multipart/form-data body as its untyped MultipartBody (no generator setting or document
// rewrite changes that), so the shape POST /files expects — the file part, then the optional fields — is written once
// here rather than by every caller.

/// <summary>The multipart body of <c>POST /v1/files</c> (<c>replicate.Files.PostAsync(FileUpload.Create(…))</c>).</summary>
public static class FileUpload
{
    /// <summary>
    /// A <see cref="MultipartBody"/> with the file's bytes as the <c>content</c> part, and <c>filename</c>, <c>type</c> and
    /// <c>metadata</c> as fields when given (the API applies its defaults to those left out).
    /// </summary>
    /// <param name="content">The file's bytes; read when the request is sent, not disposed.</param>
    /// <param name="fileName">The file's name (at most 255 characters), sent with the part and as <c>filename</c>.</param>
    /// <param name="contentType">The file's media type (<c>application/octet-stream</c> when null), sent as the part's type and as <c>type</c>.</param>
    /// <param name="metadataJson">A JSON object of user metadata, or null for none.</param>
    /// <returns>The body to pass to <c>Files.PostAsync</c>.</returns>
    public static MultipartBody Create(Stream content, string fileName, string? contentType = null, string? metadataJson = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        var body = new MultipartBody();
        var type = contentType ?? "application/octet-stream";
        body.AddOrReplacePart("content", type, content, fileName);
        body.AddOrReplacePart("filename", "text/plain", fileName);
        if (metadataJson is not null)
        {
            body.AddOrReplacePart("metadata", "text/plain", metadataJson);
        }

        if (contentType is not null)
        {
            body.AddOrReplacePart("type", "text/plain", contentType);
        }

        return body;
    }
}
