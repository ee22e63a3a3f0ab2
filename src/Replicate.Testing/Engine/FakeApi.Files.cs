using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Replicate.Testing.Engine;

/// <summary>Files: multipart upload (size limit), get, list, delete, and downloads by signed URL.</summary>
internal sealed partial class FakeApi
{
    private readonly List<FileEntry> _files = [];
    private long _fileCounter;

    private WireResponse CreateFile(Call call)
    {
        if (!MediaTypeHeaderValue.TryParse(call.Request.Header("Content-Type"), out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return WireResponse.Problem(400, "Bad request", "The body must be multipart/form-data.");
        }

        byte[]? content = null;
        string? partName = null;
        string? partType = null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new MultipartReader(boundary, new MemoryStream(call.Request.Body)) { BodyLengthLimit = null };
        try
        {
            while (reader.ReadNextSectionAsync().GetAwaiter().GetResult() is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                using var buffer = new MemoryStream();
                section.Body.CopyTo(buffer);
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (name == "content")
                {
                    content = buffer.ToArray();
                    partName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? disposition.FileNameStar.Value;
                    partType = section.ContentType;
                }
                else if (name is not null)
                {
                    fields[name] = Encoding.UTF8.GetString(buffer.ToArray());
                }
            }
        }
        catch (IOException e)
        {
            return WireResponse.Problem(400, "Bad request", "Unreadable multipart body: " + e.Message);
        }

        if (content is null)
        {
            return WireResponse.Problem(422, "Input validation failed", "content: a file part is required");
        }

        if (content.LongLength > Options.MaxFileSize)
        {
            return WireResponse.Problem(413, "Request Entity Too Large", $"The file is {content.LongLength} bytes; the limit is {Options.MaxFileSize} bytes.");
        }

        var filename = fields.GetValueOrDefault("filename") ?? partName ?? "file";
        if (Encoding.UTF8.GetByteCount(filename) > 255)
        {
            return WireResponse.Problem(422, "Input validation failed", "filename: at most 255 bytes");
        }

        JsonObject metadata;
        try
        {
            metadata = fields.TryGetValue("metadata", out var text) ? JsonNode.Parse(text) as JsonObject ?? throw new FormatException() : [];
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException)
        {
            return WireResponse.Problem(422, "Input validation failed", "metadata: a JSON object");
        }

        var type = fields.GetValueOrDefault("type") ?? partType ?? "application/octet-stream";
        FileEntry file;
        lock (_gate)
        {
            file = new FileEntry(Ids.Run("file", ++_fileCounter), filename, type, content, metadata, call.Now, call.Now + Options.DataLifetime);
            _files.Add(file);
        }

        return WireResponse.Json(201, FileJson(file));
    }

    private string Signature(string id, long expiry) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(SigningKey, Encoding.UTF8.GetBytes($"{id}:{Options.AccountUsername}:{expiry}")));

    private JsonObject FileJson(FileEntry file)
    {
        var expiry = file.ExpiresAt.ToUnixTimeSeconds();
        var download = QueryHelpers.AddQueryString(Url($"files/{file.Id}/download"), new Dictionary<string, string?>
        {
            ["owner"] = Options.AccountUsername,
            ["expiry"] = expiry.ToString(CultureInfo.InvariantCulture),
            ["signature"] = Signature(file.Id, expiry),
        });
        return new JsonObject
        {
            ["id"] = file.Id,
            ["name"] = file.Name,
            ["content_type"] = file.ContentType,
            ["size"] = file.Content.LongLength,
            ["checksums"] = new JsonObject { ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(file.Content)) },
            ["metadata"] = file.Metadata.DeepClone(),
            ["created_at"] = RunState.Time(file.CreatedAt),
            ["expires_at"] = RunState.Time(file.ExpiresAt),
            ["urls"] = new JsonObject { ["get"] = download },
        };
    }

    private FileEntry? FindFile(string id, DateTimeOffset now)
    {
        lock (_gate)
        {
            return _files.FirstOrDefault(f => f.Id == id && now < f.ExpiresAt);
        }
    }

    private WireResponse WithFile(Call call, Func<FileEntry, WireResponse> then) =>
        FindFile(call.Value("file_id"), call.Now) is { } file ? then(file) : WireResponse.Problem(404, "Not found", "No such file (or it expired).");

    private WireResponse DeleteFile(Call call) => WithFile(call, file =>
    {
        lock (_gate)
        {
            _files.Remove(file);
        }

        return WireResponse.Empty(204);
    });

    private WireResponse ListFiles(Call call)
    {
        List<FileEntry> files;
        lock (_gate)
        {
            files = [.. _files.Where(f => call.Now < f.ExpiresAt).OrderByDescending(f => f.CreatedAt)];
        }

        return WireResponse.Json(200, Page(call, [.. files.Select(f => (JsonNode)FileJson(f))], 100));
    }

    private WireResponse DownloadFile(Call call) => WithFile(call, file =>
    {
        var expiryText = call.Request.QueryValue("expiry");
        var valid = long.TryParse(expiryText, CultureInfo.InvariantCulture, out var expiry)
            && call.Request.QueryValue("owner") == Options.AccountUsername
            && call.Now.ToUnixTimeSeconds() <= expiry
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(call.Request.QueryValue("signature") ?? string.Empty), Encoding.ASCII.GetBytes(Signature(file.Id, expiry)));
        return valid
            ? new WireResponse { Status = 200, ContentType = "application/octet-stream", Body = file.Content }
            : WireResponse.Problem(404, "Not found", "The download link is invalid or expired.");
    });
}
