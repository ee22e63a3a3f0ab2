using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Replicate.Generated;

/// <summary>
/// The runtime every generated operation calls: sending, error handling, reading and writing JSON through the
/// source-generated <see cref="ReplicateJsonSerializerContext"/>, formatting parameters.
/// </summary>
// CUSTOM: hand-written once instead of emitted per operation, so the generated calls stay short and this behaviour is
// tested on its own; every generated client uses it, so a new resource needs nothing written by hand.
internal static class GeneratedCore
{
    /// <summary>How much of an unexpected response body an <see cref="ApiException"/> keeps.</summary>
    internal const int MaxErrorBodyChars = 64 * 1024;

    /// <summary>
    /// Set on a request whose response is a stream the caller reads (a download, SSE): the pipeline then hands the
    /// body over unread instead of reading it within the attempt.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> StreamResponse = new("Replicate.StreamResponse");

    private static readonly ConcurrentDictionary<string, HttpMethod> Methods = new(StringComparer.Ordinal);
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    public static InvalidOperationException NoConnection(string client) =>
        new($"This {client} was created without an HttpClient (the constructor for mocking); override the members the test calls.");

    public static HttpMethod Method(string method) => Methods.GetOrAdd(method, static m => new HttpMethod(m));

    public static JsonTypeInfo<T> TypeInfo<T>() => TypeInfoCache<T>.Value;

    public static T FromJson<T>(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize(json, TypeInfo<T>()) ?? throw new JsonException($"The JSON is null, not a {typeof(T).Name}.");
    }

    public static string? Format(string? value) => value;

    /// <summary>
    /// A path parameter as one escaped segment. Empty, <c>.</c> and <c>..</c> are refused before any request: escaped
    /// or not, a dot segment walks the path (<c>DELETE /files/..</c> would address <c>DELETE /</c>).
    /// </summary>
    public static string PathSegment(string value, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, parameterName);
        if (value is "." or "..")
        {
            throw new ArgumentException($"'{value}' is not a valid {parameterName}: a dot segment would change the path the request goes to.", parameterName);
        }

        return Uri.EscapeDataString(value);
    }

    public static string? Format(bool? value) => value switch { null => null, true => "true", false => "false" };

    public static string? Format(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    public static string? Format(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    public static string? Format(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    public static string? Format(DateTimeOffset? value) => value?.ToString("o", CultureInfo.InvariantCulture);

    public static void AddHeader(HttpRequestMessage request, string name, string? value)
    {
        if (value is not null)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    // Added unparsed: no header value object per call (the media types are the spec's, known to be valid).
    public static void Accept(HttpRequestMessage request, string mediaType) =>
        request.Headers.TryAddWithoutValidation("Accept", mediaType);

    public static HttpContent JsonContent<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        // Bytes rather than a streamed JsonContent: a Content-Length, and a body the retry handler can send again.
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    public static HttpContent TextContent(string value, string mediaType) => new StringContent(value, Encoding.UTF8, mediaType);

    public static void AddFormField(MultipartFormDataContent form, string name, FileParameter? file)
    {
        if (file is null)
        {
            return;
        }

        var part = new StreamContent(file.Data);
        if (!string.IsNullOrEmpty(file.ContentType))
        {
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
        }

        form.Add(part, name, file.FileName ?? name);
    }

    public static void AddFormField(MultipartFormDataContent form, string name, string? value)
    {
        if (value is not null)
        {
            form.Add(new StringContent(value), name);
        }
    }

    public static void AddFormField(MultipartFormDataContent form, string name, JsonElement? value)
    {
        if (value is { } json)
        {
            form.Add(new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(json, TypeInfo<JsonElement>())), name);
        }
    }

    /// <summary>Sends and reads nothing back (a 204, a 202 without a body).</summary>
    public static async Task SendAsync(HttpClient client, HttpRequestMessage request, string operation, CancellationToken cancellationToken)
    {
        using (request)
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await EnsureSuccessAsync(response, operation, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends and reads the JSON body through the source-generated metadata.</summary>
    public static async Task<T> SendForJsonAsync<T>(HttpClient client, HttpRequestMessage request, string operation, CancellationToken cancellationToken, JsonTypeInfo<T> typeInfo)
    {
        using (request)
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await EnsureSuccessAsync(response, operation, cancellationToken).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                T? value;
                try
                {
                    value = await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false);
                }
                catch (JsonException e)
                {
                    throw new ApiException($"{operation} returned JSON that does not match its schema: {e.Message}", operation, (int)response.StatusCode, null, Headers(response), e);
                }

                return value ?? throw new ApiException($"{operation} returned null where a {typeof(T).Name} was expected.", operation, (int)response.StatusCode, "null", Headers(response), innerException: null);
            }
        }
    }

    /// <summary>Sends and reads the body as text (a <c>text/plain</c> response).</summary>
    public static async Task<string> SendForTextAsync(HttpClient client, HttpRequestMessage request, string operation, CancellationToken cancellationToken)
    {
        using (request)
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await EnsureSuccessAsync(response, operation, cancellationToken).ConfigureAwait(false);
            return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends and hands back the body as a stream the caller disposes (with the response).</summary>
    public static async Task<FileResponse> SendForFileAsync(HttpClient client, HttpRequestMessage request, string operation, CancellationToken cancellationToken)
    {
        request.Options.Set(StreamResponse, true);
        using (request)
        {
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            try
            {
                await EnsureSuccessAsync(response, operation, cancellationToken).ConfigureAwait(false);
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                return new FileResponse((int)response.StatusCode, Headers(response), stream, response);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }
    }

    // A status outside 2xx becomes an ApiException; a success completes synchronously (no allocation).
    private static ValueTask EnsureSuccessAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken) =>
        response.IsSuccessStatusCode ? ValueTask.CompletedTask : ThrowAsync(response, operation, cancellationToken);

    private static async ValueTask ThrowAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        var body = await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false);
        throw new ApiException($"{operation} failed with HTTP {(int)response.StatusCode}.", operation, (int)response.StatusCode, body, Headers(response), innerException: null);
    }

    internal static Dictionary<string, IEnumerable<string>> Headers(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, IEnumerable<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in response.Headers)
        {
            headers[key] = value;
        }

        foreach (var (key, value) in response.Content.Headers)
        {
            headers[key] = value;
        }

        return headers;
    }

    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var buffer = new char[MaxErrorBodyChars];
            var read = 0;
            while (read < buffer.Length && await reader.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false) is var n and > 0)
            {
                read += n;
            }

            return new string(buffer, 0, read);
        }
    }

    private static class TypeInfoCache<T>
    {
        public static readonly JsonTypeInfo<T> Value = (JsonTypeInfo<T>)(ReplicateJsonSerializerContext.Default.GetTypeInfo(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no JSON metadata in {nameof(ReplicateJsonSerializerContext)}."));
    }
}
