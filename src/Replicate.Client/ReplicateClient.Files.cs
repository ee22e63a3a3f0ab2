using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Replicate.Client.Errors;
using Replicate.Client.Files;
using Replicate.Generated;

namespace Replicate.Client;

/// <summary>Uploading files and opening prediction output files.</summary>
public partial class ReplicateClient
{
    /// <summary>The longest file name the API accepts, in UTF-8 bytes.</summary>
    public const int MaxFileNameBytes = 255;

    /// <summary>
    /// Uploads <paramref name="content"/> (read once, from its current position) as <paramref name="fileName"/>.
    /// The returned file's <c>urls.get</c> can be passed as model input. Files over 100 MiB are refused by the API (413).
    /// </summary>
    public virtual async Task<FileResponseModel> UploadFileAsync(Stream content, string fileName, string? contentType = null, JsonObject? metadata = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ValidateFileName(fileName);
        var type = contentType ?? "application/octet-stream";
        if (!MediaTypeHeaderValue.TryParse(type, out var mediaType))
        {
            throw new ArgumentException($"'{type}' is not a media type.", nameof(contentType));
        }

        using var form = new MultipartFormDataContent();
        var file = new StreamContent(content);
        file.Headers.ContentType = mediaType;
        file.Headers.ContentDisposition = Disposition("content", fileName);
        form.Add(file);
        form.Add(Field("filename", fileName));
        form.Add(Field("type", type));
        form.Add(Field("metadata", (metadata ?? []).ToJsonString(), "application/json"));

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("files", UriKind.Relative)) { Content = form };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync(stream, ReplicateJsonSerializerContext.Default.FileResponseModel, cancellationToken).ConfigureAwait(false)
                    ?? throw new ReplicateResponseException("POST /v1/files returned null instead of a file.", "POST /v1/files", (int)response.StatusCode);
            }
            catch (JsonException e)
            {
                throw new ReplicateResponseException($"POST /v1/files returned a body that is not a file: {e.Message}", "POST /v1/files", (int)response.StatusCode, e);
            }
        }
    }

    /// <summary>Uploads a file from disk; the name is the file's name and the type defaults to octet-stream.</summary>
    public virtual async Task<FileResponseModel> UploadFileAsync(string path, string? contentType = null, JsonObject? metadata = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            return await UploadFileAsync(stream, Path.GetFileName(path), contentType, metadata, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Uploads bytes held in memory.</summary>
    public virtual async Task<FileResponseModel> UploadFileAsync(ReadOnlyMemory<byte> bytes, string fileName, string? contentType = null, JsonObject? metadata = null, CancellationToken cancellationToken = default)
    {
        var stream = new MemoryStream(bytes.ToArray(), writable: false);
        await using (stream.ConfigureAwait(false))
        {
            return await UploadFileAsync(stream, fileName, contentType, metadata, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Opens a prediction output file: an https URL (fetched without the API token, which belongs to the API host
    /// only) or a <c>data:</c> URI (decoded in memory). Dispose the stream when done. Output URLs expire after about an hour.
    /// </summary>
    public virtual async Task<Stream> OpenOutputAsync(Uri output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.Scheme == "data")
        {
            try
            {
                return new MemoryStream(DataUri.Decode(output).Bytes, writable: false);
            }
            catch (FormatException e)
            {
                throw new ReplicateResponseException($"The output data: URI is malformed: {e.Message}", "open output data: URI", 0, e);
            }
        }

        if (output.Scheme is not ("https" or "http"))
        {
            throw new ArgumentException($"Cannot open '{output.Scheme}:' URLs; outputs are https URLs or data: URIs.", nameof(output));
        }

        var request = new HttpRequestMessage(HttpMethod.Get, output);
        request.Options.Set(GeneratedCore.StreamResponse, true);
        HttpResponseMessage? response = null;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var result = new ResponseStream(_http, output, response, body);
            response = null;
            return result;
        }
        finally
        {
            response?.Dispose();
            request.Dispose();
        }
    }

    private static void ValidateFileName(string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        var bytes = Encoding.UTF8.GetByteCount(fileName);
        if (bytes > MaxFileNameBytes)
        {
            throw new ArgumentException($"The file name is {bytes} bytes in UTF-8; the API accepts at most {MaxFileNameBytes}.", nameof(fileName));
        }

        if (fileName.Any(char.IsControl))
        {
            throw new ArgumentException("The file name contains control characters.", nameof(fileName));
        }
    }

    // Quoted name and filename parameters (some servers reject the unquoted form .NET writes by default), plus
    // filename* (RFC 5987) so non-ASCII names survive.
    private static ContentDispositionHeaderValue Disposition(string name, string? fileName = null)
    {
        var disposition = new ContentDispositionHeaderValue("form-data") { Name = Quote(name) };
        if (fileName is not null)
        {
            var ascii = fileName.All(c => c is >= ' ' and < (char)127);
            disposition.FileName = Quote(ascii ? fileName : new string(fileName.Select(c => c is >= ' ' and < (char)127 ? c : '_').ToArray()));
            if (!ascii)
            {
                disposition.FileNameStar = fileName;
            }
        }

        return disposition;
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static StringContent Field(string name, string value, string? mediaType = null)
    {
        var content = new StringContent(value, Encoding.UTF8);
        content.Headers.ContentType = mediaType is null ? null : new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
        content.Headers.ContentDisposition = Disposition(name);
        return content;
    }
}
