using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using Replicate.Client.Errors;

namespace Replicate.Mcp.Tools;

/// <summary>
/// <c>download_output</c>: saves a prediction's output (an https URL — they expire after about an hour — or a
/// <c>data:</c> URI) into the one folder the server was given, under a plain file name (no path, never over an existing
/// file), written to a temporary file and renamed. Output URLs off the API's origin are fetched without the token.
/// </summary>
internal sealed class DownloadOutputTool(ToolContext context) : AgentTool(context, Info)
{
    private const int MaxFileName = 255;

    private static readonly AgentToolInfo Info = new(
        Name: "download_output",
        Resource: "predictions",
        Operation: "save an output URL into the download folder",
        Title: "Save a prediction output to a file",
        Description: "Saves a prediction output (https URL or data: URI) as a file in the server's download folder and returns its path and size. "
            + "Output URLs expire about an hour after the prediction. Never overwrites: a name already taken gets a number.",
        // It writes a file on this machine (though nothing at the API), so it is not read-only.
        ReadOnly: false,
        Idempotent: false,
        Arguments: """
            {
              "url": { "type": "string", "minLength": 1, "description": "An output URL (https) or data: URI from a prediction's output" },
              "file_name": { "type": "string", "minLength": 1, "maxLength": 255, "description": "The file's name in the download folder (no folders); default the URL's last segment" }
            }
            """,
        Required: ["url"]);

    protected override async Task<CallToolResult> ExecuteAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var text = call.Text("url")!;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http" or "data"))
        {
            throw new ToolArgumentException($"{Name}: nothing was fetched: argument 'url' must be an https URL or a data: URI");
        }

        // No downgrade to plain http, except to the API's own origin and to this machine (a local test server).
        if (url.Scheme == "http" && !Context.IsApiOrigin(url) && !url.IsLoopback)
        {
            throw new ToolArgumentException($"{Name}: nothing was fetched: argument 'url' is plain http on {url.Authority}; outputs are https");
        }

        var name = FileName(call.Text("file_name"), url);
        var folder = Path.GetFullPath(Context.Options.DownloadFolder);
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Guid.NewGuid():N}.partial");
        try
        {
            long bytes;
            var source = await Context.Client.OpenOutputAsync(url, cancellationToken).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                await using (file.ConfigureAwait(false))
                {
                    await source.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                    bytes = file.Length;
                }
            }

            var path = Place(temporary, folder, name);
            var result = new JsonObject { ["path"] = path, ["file_name"] = Path.GetFileName(path), ["bytes"] = bytes };
            using var document = JsonDocument.Parse(result.ToJsonString());
            return ToolResults.Json(document.RootElement);
        }
        catch (ReplicateException e)
        {
            return ToolResults.From(e, Context.Redactor, call.Note);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private string FileName(string? given, Uri url)
    {
        var name = given ?? (url.Scheme == "data" ? "output" + Extension(url) : Uri.UnescapeDataString(url.Segments[^1]).Trim('/'));
        if (name.Length == 0)
        {
            name = "output";
        }

        if (name is "." or ".." || name.Length > MaxFileName || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0
            || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name.StartsWith('.'))
        {
            throw new ToolArgumentException($"{Name}: nothing was fetched: '{name}' is not a plain file name (no folders, no leading dot, at most {MaxFileName} characters)"
                + (given is null ? "; pass file_name" : string.Empty));
        }

        return name;
    }

    // data:image/png;base64,… → .png
    private static string Extension(Uri url)
    {
        var type = url.AbsoluteUri["data:".Length..].Split([';', ','], 2)[0];
        var subtype = type.Contains('/', StringComparison.Ordinal) ? type.Split('/')[1] : string.Empty;
        return subtype switch
        {
            "" => string.Empty,
            "plain" => ".txt",
            "jpeg" => ".jpg",
            _ when subtype.All(char.IsAsciiLetterOrDigit) => "." + subtype,
            _ => string.Empty,
        };
    }

    // The first free name: file.png, file-1.png, file-2.png, … (a rename never replaces a file another call just wrote).
    private static string Place(string temporary, string folder, string name)
    {
        var stem = Path.GetFileNameWithoutExtension(name);
        var extension = Path.GetExtension(name);
        for (var n = 0; ; n++)
        {
            var target = Path.Combine(folder, n == 0 ? name : $"{stem}-{n}{extension}");
            if (File.Exists(target))
            {
                continue;
            }

            try
            {
                File.Move(temporary, target, overwrite: false);
                return target;
            }
            catch (IOException) when (File.Exists(target))
            {
                // Taken between the check and the move: try the next number.
            }
        }
    }
}
