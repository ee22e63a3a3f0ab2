using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using Replicate.Client.Errors;
using Replicate.Client.ModelSchemas;
using Replicate.Client.Predictions;
using Replicate.Mcp.Catalog;

namespace Replicate.Mcp.Tools;

/// <summary>
/// The tool of one API operation, generated from the catalog: its arguments become the request (path, query and header
/// parameters by their spec names, body fields as top-level arguments), sent through <see cref="Client.ReplicateClient"/>'s
/// pipeline — so the token goes to the API's origin only, reads are retried and creates never twice, and errors are
/// the library's. The answer is the API's JSON, text or bytes.
/// </summary>
internal sealed class OperationTool(ToolContext context, CatalogOperation operation) : ReplicateTool(context)
{
    /// <summary>The argument of a paged tool that continues a list: the previous page's <c>next</c> URL, or its cursor.</summary>
    public const string CursorArgument = "cursor";

    public CatalogOperation Spec => operation;

    public override string Name => operation.Name;

    public override string Resource => operation.Resource;

    public override string OperationId => operation.OperationId;

    public override string Operation => $"{operation.Method} {operation.Path}";

    public override string Title => operation.Title;

    public override string Description => operation.Description;

    public override bool ReadOnly => operation.ReadOnly;

    public override bool Destructive => operation.Destructive;

    public override bool Idempotent => operation.Idempotent;

    public override JsonElement InputSchema => operation.InputSchema;

    public override JsonElement? OutputSchema => operation.OutputSchema;

    protected override JsonObject Meta => new()
    {
        ["replicate/operationId"] = operation.OperationId,
        ["replicate/method"] = operation.Method,
        ["replicate/path"] = operation.Path,
        // The API's rate limits: 600 creates a minute, 3000 other requests.
        ["replicate/rateClass"] = operation.RateClass,
    };

    protected override JsonObject Prepare(IDictionary<string, JsonElement>? arguments)
    {
        var prepared = base.Prepare(arguments);
        foreach (var shorthand in operation.Shorthands)
        {
            if (prepared[shorthand.Argument] is not JsonValue value || !value.TryGetValue<string>(out var reference))
            {
                continue;   // absent, or of the wrong type: the schema check names it
            }

            var parts = reference.Split('/');
            if (parts.Length != 2 || parts.Any(p => p.Trim().Length == 0))
            {
                throw new ToolArgumentException($"{Name}: no request was sent: argument '{shorthand.Argument}' must be 'owner/name', not '{reference}'");
            }

            Fill(prepared, shorthand.Owner, parts[0], shorthand.Argument);
            Fill(prepared, shorthand.Name, parts[1], shorthand.Argument);
        }

        return prepared;
    }

    protected override async Task<CallToolResult> ExecuteAsync(ToolCall call, CancellationToken cancellationToken)
    {
        using var request = Build(call.Arguments);
        try
        {
            if (Context.Options.ValidateInputs && ModelOf(call.Arguments) is { } model && call.Arguments["input"] is JsonObject input)
            {
                // A prediction create is checked against the model's schema first (the library's cached schemas): every
                // error at once, and nothing created.
                var schema = await Context.Client.GetModelSchemaAsync(model, cancellationToken).ConfigureAwait(false);
                using var document = JsonDocument.Parse(input.ToJsonString());
                if (schema.Validate(document.RootElement) is { Count: > 0 } errors)
                {
                    return ToolResults.From(new ReplicateInputValidationException($"{operation.Method} {request.RequestUri!.AbsolutePath}", errors), Context.Redactor, call.Note);
                }
            }

            using var response = await Context.Client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            call.Note.Status = (int)response.StatusCode;
            return await ReadAsync(response, request, call.Note, cancellationToken).ConfigureAwait(false);
        }
        catch (ReplicateException e)
        {
            return ToolResults.From(e, Context.Redactor, call.Note);
        }
    }

    // The model a prediction create runs, when the arguments name it: the model's path (owner and name), or a version
    // given as owner/name:version. A bare version id names no model to fetch a schema from; a deployment's version is
    // its own; a training's input is not the model's.
    private ModelReference? ModelOf(JsonObject arguments)
    {
        if (operation.RateClass != "create" || !operation.Path.EndsWith("/predictions", StringComparison.Ordinal))
        {
            return null;
        }

        if (arguments["model_owner"] is JsonValue owner && arguments["model_name"] is JsonValue name && operation.Parameters.Any(p => p.Name == "model_owner"))
        {
            return ModelReference.TryParse($"{owner.GetValue<string>()}/{name.GetValue<string>()}", out var model) ? model : null;
        }

        return arguments["version"] is JsonValue version && version.TryGetValue<string>(out var text)
            && ModelReference.TryParse(text, out var pinned) && pinned.Version is not null ? pinned : null;
    }

    private void Fill(JsonObject arguments, string name, string value, string shorthand)
    {
        if (arguments[name] is JsonValue given && given.TryGetValue<string>(out var text) && text != value)
        {
            throw new ToolArgumentException($"{Name}: no request was sent: argument '{shorthand}' says {name} '{value}', but '{name}' is '{text}'");
        }

        arguments[name] = value;
    }

    internal HttpRequestMessage Build(JsonObject arguments)
    {
        var path = new StringBuilder(operation.Path.TrimStart('/'));
        var query = new List<string>();
        var headers = new List<(string Name, string Value)>();
        foreach (var parameter in operation.Parameters)
        {
            if (arguments[parameter.Name] is not { } node)
            {
                continue;
            }

            var value = Scalar(node, parameter.Name);
            switch (parameter.In)
            {
                case "path":
                    if (value is "." or "..")
                    {
                        throw new ToolArgumentException($"{Name}: no request was sent: argument '{parameter.Name}' cannot be '{value}'");
                    }

                    path.Replace("{" + parameter.Name + "}", Uri.EscapeDataString(value));
                    break;
                case "query":
                    query.Add(Uri.EscapeDataString(parameter.Name) + "=" + Uri.EscapeDataString(value));
                    break;
                case "header":
                    headers.Add((parameter.Name, value));
                    break;
            }
        }

        var uri = operation.Paged && arguments[CursorArgument] is JsonValue cursorValue && cursorValue.TryGetValue<string>(out var cursor)
            ? Page(cursor, path.ToString(), query)
            : new Uri(Context.Options.BaseAddress, path + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty));
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Content = Body(arguments);
        return request;
    }

    // A page URL must be the API's own, and a page of this very list: the token goes nowhere else, and a cursor cannot
    // turn a read of one list into a request for something else.
    private Uri Page(string cursor, string path, List<string> query)
    {
        var list = new Uri(Context.Options.BaseAddress, path);
        if (!Uri.TryCreate(cursor, UriKind.Absolute, out var next) || next.Scheme is not ("https" or "http"))
        {
            query.Add("cursor=" + Uri.EscapeDataString(cursor));
            return new Uri(list + "?" + string.Join('&', query));
        }

        if (!Context.IsApiOrigin(next))
        {
            throw new ToolArgumentException($"{Name}: no request was sent: argument 'cursor' points at {next.GetLeftPart(UriPartial.Authority)}; only {Context.Options.BaseAddress.GetLeftPart(UriPartial.Authority)} (the API) may receive the token");
        }

        if (!string.Equals(next.AbsolutePath.TrimEnd('/'), list.AbsolutePath.TrimEnd('/'), StringComparison.Ordinal))
        {
            throw new ToolArgumentException($"{Name}: no request was sent: argument 'cursor' is a page of {next.AbsolutePath}, not of {list.AbsolutePath}");
        }

        return next;
    }

    private HttpContent? Body(JsonObject arguments)
    {
        if (operation.Body is not { } body)
        {
            return null;
        }

        if (body.Kind == "value")
        {
            return arguments[body.Argument!] is { } value
                ? new StringContent(value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value.ToJsonString(), Encoding.UTF8, body.MediaType)
                : null;
        }

        var given = body.Fields.Where(f => arguments[f] is not null).ToList();
        if (given.Count == 0 && !body.Required)
        {
            return null;
        }

        if (body.MediaType == "multipart/form-data")
        {
            return Multipart(arguments, given);
        }

        var json = new JsonObject(given.Select(f => KeyValuePair.Create(f, (JsonNode?)arguments[f]!.DeepClone())));
        return new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json");
    }

    // Binary fields arrive as base64 text and go as file parts; objects as JSON parts; the rest as text parts. Names in
    // Content-Disposition are quoted (servers choke on the unquoted form .NET writes by default).
    private MultipartFormDataContent Multipart(JsonObject arguments, List<string> fields)
    {
        var form = new MultipartFormDataContent();
        var fileName = arguments["filename"] is JsonValue named && named.TryGetValue<string>(out var text) ? text : "file";
        foreach (var field in fields)
        {
            var node = arguments[field]!;
            HttpContent part;
            string? partFileName = null;
            if (IsBinary(field))
            {
                try
                {
                    part = new ByteArrayContent(Convert.FromBase64String(node.GetValue<string>()));
                }
                catch (FormatException)
                {
                    throw new ToolArgumentException($"{Name}: no request was sent: argument '{field}' must be base64 text");
                }

                part.Headers.ContentType = new MediaTypeHeaderValue(arguments["type"] is JsonValue t && t.TryGetValue<string>(out var type) && MediaTypeHeaderValue.TryParse(type, out _) ? type : "application/octet-stream");
                partFileName = fileName;
            }
            else if (node is JsonObject or JsonArray)
            {
                part = new StringContent(node.ToJsonString(), Encoding.UTF8, "application/json");
            }
            else
            {
                part = new StringContent(Scalar(node, field), Encoding.UTF8);
                part.Headers.ContentType = null;
            }

            part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data")
            {
                Name = '"' + field + '"',
                FileName = partFileName is null ? null : '"' + partFileName.Replace("\"", "'", StringComparison.Ordinal) + '"',
            };
            form.Add(part);
        }

        return form;
    }

    private bool IsBinary(string field) =>
        InputSchema.GetProperty("properties").TryGetProperty(field, out var schema) && schema.TryGetProperty("contentEncoding", out _);

    private string Scalar(JsonNode node, string argument) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag ? "true" : "false",
        JsonValue value => value.ToJsonString(),
        _ => throw new ToolArgumentException($"{Name}: no request was sent: argument '{argument}' must be a single value"),
    };

    private async Task<CallToolResult> ReadAsync(HttpResponseMessage response, HttpRequestMessage request, CallNote note, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var status = (int)response.StatusCode;
        if (bytes.Length == 0)
        {
            return ToolResults.Text($"{request.Method} {request.RequestUri!.AbsolutePath}: {status.ToString(CultureInfo.InvariantCulture)} {response.ReasonPhrase}, no content.");
        }

        if (mediaType is null || mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal))
        {
            try
            {
                using var document = JsonDocument.Parse(bytes);
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var id)
                    && id.ValueKind == JsonValueKind.String && operation.Path.Contains("predictions", StringComparison.Ordinal))
                {
                    note.PredictionId = id.GetString();
                }

                return ToolResults.Json(document.RootElement);
            }
            catch (JsonException) when (mediaType is null)
            {
                // Untyped and not JSON: fall through to bytes.
            }
            catch (JsonException e)
            {
                return ToolResults.Error($"{request.Method} {request.RequestUri!.AbsolutePath} answered {status.ToString(CultureInfo.InvariantCulture)} with a body that is not JSON: {e.Message}");
            }
        }

        return mediaType?.StartsWith("text/", StringComparison.Ordinal) == true
            ? ToolResults.Text(Encoding.UTF8.GetString(bytes))
            : ToolResults.Binary(bytes, mediaType ?? "application/octet-stream", request.RequestUri!.GetLeftPart(UriPartial.Path));
    }
}
