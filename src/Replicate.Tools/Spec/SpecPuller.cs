using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Replicate.Client;

namespace Replicate.Tools.Spec;

/// <summary>
/// Fetches an OpenAPI document from a URL or a file and accepts it only when it is a JSON OpenAPI 3.x document
/// with paths. Rejections are <see cref="SpecRejectedException"/>s with a one-line reason; nothing is written here.
/// </summary>
internal sealed class SpecPuller(HttpMessageHandler? handler = null, TimeProvider? time = null, TimeSpan? timeout = null)
{
    /// <summary>Replicate's published document.</summary>
    public const string DefaultSource = "https://api.replicate.com/openapi.json";

    private const long MaxBytes = 64L * 1024 * 1024;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(60);

    /// <summary>Fetches and validates <paramref name="source"/> (http(s) URL, file:// URL or path).</summary>
    /// <param name="source">Where to read from.</param>
    /// <param name="display">How to name the source in messages and provenance (default: the URL without query, or the path).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<PullResult> PullAsync(string source, string? display = null, CancellationToken cancellationToken = default)
    {
        display ??= Display(source);
        byte[] content;
        string? mediaType = null;
        if (Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            (content, mediaType) = await FetchAsync(uri, display, cancellationToken).ConfigureAwait(false);
        }
        else if (uri is not null && uri.Scheme == Uri.UriSchemeFile)
        {
            content = await ReadFileAsync(uri.LocalPath, display, cancellationToken).ConfigureAwait(false);
        }
        else if (uri is not null && !Path.IsPathRooted(source))
        {
            throw new SpecRejectedException($"{display}: unsupported scheme '{uri.Scheme}' (use https://, http:// or a file path)");
        }
        else
        {
            content = await ReadFileAsync(source, display, cancellationToken).ConfigureAwait(false);
        }

        var (paths, operations) = Validate(content, display, mediaType);
        return new PullResult(display, content, Sha256Hex(content), _time.GetUtcNow(), paths, operations);
    }

    /// <summary>Lower-case hex SHA-256 of the exact bytes.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Checks that the bytes are an OpenAPI 3.x JSON document with paths; returns path and operation counts.</summary>
    public static (int Paths, int Operations) Validate(byte[] content, string display, string? mediaType = null)
    {
        var span = content.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }

        var firstIndex = span.IndexOfAnyExcept(" \t\r\n"u8);
        if (firstIndex < 0)
        {
            throw new SpecRejectedException($"{display} is empty ({content.Length} bytes)");
        }

        var first = span[firstIndex];
        if (first == (byte)'<' || (mediaType?.Contains("html", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            throw new SpecRejectedException($"{display} returned HTML, not JSON");
        }

        if (first != (byte)'{' && first != (byte)'[')
        {
            throw new SpecRejectedException($"{display} is not JSON (it starts with '{(char)first}')");
        }

        if (System.Text.Unicode.Utf8.IsValid(span) is false)
        {
            throw new SpecRejectedException($"{display} is not valid UTF-8 (JSON text must be)");
        }

        CheckComplete(span, display);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(span, documentOptions: new JsonDocumentOptions { MaxDepth = 256, AllowDuplicateProperties = false });
        }
        catch (JsonException e) when (e.Message.Contains("uplicate", StringComparison.Ordinal))
        {
            throw new SpecRejectedException($"{display} has a duplicate key (line {e.LineNumber + 1}): {e.Message.Split('.')[0]}", e);
        }
        catch (JsonException e)
        {
            throw new SpecRejectedException($"{display} is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})", e);
        }

        if (node is not JsonObject doc)
        {
            throw new SpecRejectedException($"{display} is JSON but not an object, so not an OpenAPI document");
        }

        if (doc["swagger"] is not null && doc["openapi"] is null)
        {
            throw new SpecRejectedException($"{display} is Swagger {doc["swagger"]}, not OpenAPI 3.x");
        }

        var version = doc["openapi"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (version is null)
        {
            throw new SpecRejectedException($"{display} is not an OpenAPI document (no \"openapi\" version field)");
        }

        if (!version.StartsWith("3.", StringComparison.Ordinal))
        {
            throw new SpecRejectedException($"{display} is OpenAPI {version}, not 3.x");
        }

        if (doc["paths"] is not JsonObject { Count: > 0 } paths)
        {
            throw new SpecRejectedException($"{display} has no paths");
        }

        var operations = paths.Sum(p => p.Value is JsonObject item
            ? item.Count(m => m.Key is "get" or "put" or "post" or "delete" or "options" or "head" or "patch" or "trace" or "query")
            : 0);
        return (paths.Count, operations);
    }

    // Distinguishes a document cut off in transit from one that is malformed, so the message says which.
    private static void CheckComplete(ReadOnlySpan<byte> span, string display)
    {
        var reader = new Utf8JsonReader(span, isFinalBlock: false, state: new JsonReaderState(new JsonReaderOptions { MaxDepth = 256 }));
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0 && reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    return;
                }
            }
        }
        catch (JsonException)
        {
            return; // malformed, reported by the full parse with its position
        }

        throw new SpecRejectedException($"{display} is truncated JSON (it ends after {span.Length} bytes inside an unfinished value)");
    }

    private async Task<(byte[] Content, string? MediaType)> FetchAsync(Uri uri, string display, CancellationToken cancellationToken)
    {
        using var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.Timeout = Timeout.InfiniteTimeSpan;

        // The timeout covers the whole pull, body included: a body that never ends is a timeout, not a hang.
        using var deadline = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var token = linked.Token;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.UserAgent.ParseAdd("replicate-generated-spec-tool/1.0");
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError)
        {
            throw new SpecRejectedException($"cannot reach {uri.Host}: {ExceptionText.Flatten(e)}", e);
        }
        catch (HttpRequestException e)
        {
            throw new SpecRejectedException($"the request to {uri.Host} failed before a response arrived: {ExceptionText.Flatten(e)}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SpecRejectedException($"timed out after {_timeout.TotalSeconds:0} s waiting for {display}", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new SpecRejectedException($"{display} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
            }

            if (response.Content.Headers.ContentLength > MaxBytes)
            {
                throw new SpecRejectedException($"{display} is larger than {MaxBytes / (1024 * 1024)} MiB");
            }

            try
            {
                // The cap holds while streaming: a body without Content-Length is stopped at MaxBytes, not read whole.
                var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    using var buffer = new MemoryStream();
                    var chunk = new byte[81920];
                    int read;
                    while ((read = await stream.ReadAsync(chunk, token).ConfigureAwait(false)) > 0)
                    {
                        if (buffer.Length + read > MaxBytes)
                        {
                            throw new SpecRejectedException($"{display} is larger than {MaxBytes / (1024 * 1024)} MiB");
                        }

                        buffer.Write(chunk, 0, read);
                    }

                    return (buffer.ToArray(), response.Content.Headers.ContentType?.MediaType);
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                throw new SpecRejectedException($"the connection to {uri.Host} broke while reading {display}: {ExceptionText.Flatten(e)}", e);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SpecRejectedException($"timed out after {_timeout.TotalSeconds:0} s reading {display} (the body did not end)", e);
            }
        }
    }

    private static async Task<byte[]> ReadFileAsync(string path, string display, CancellationToken cancellationToken)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new SpecRejectedException($"{display}: no such file");
            }

            if (info.Length > MaxBytes)
            {
                throw new SpecRejectedException($"{display} is larger than {MaxBytes / (1024 * 1024)} MiB");
            }

            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SpecRejectedException($"{display}: cannot read the file ({e.Message})", e);
        }
    }

    // URLs are shown without user info or query string, which may carry credentials.
    private static string Display(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped)
            : source;
}
