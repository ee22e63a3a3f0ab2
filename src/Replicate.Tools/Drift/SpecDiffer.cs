using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Replicate.Tools.Drift;

/// <summary>
/// Compares two OpenAPI documents as the generated client sees them (both normalized) and classifies every
/// difference with a rule of <see cref="DriftRules"/>. Operations are matched by method and path template
/// (<c>/predictions/{id}</c> and <c>/predictions/{prediction_id}</c> are one operation); schemas are compared
/// through their references, so moving a shape into a component or renaming one is not a wire change — it is
/// reported separately when it renames a C# type.
/// </summary>
internal sealed partial class SpecDiffer
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];

    // OpenAPI says these header parameters are ignored: the client sets them from the operation itself.
    private static readonly HashSet<string> IgnoredHeaders = new(StringComparer.OrdinalIgnoreCase) { "accept", "content-type", "authorization" };

    private readonly SpecDocument _old;
    private readonly SpecDocument _new;
    private readonly List<DriftChange> _changes = [];
    private readonly List<TypeNameChange> _typeNames = [];

    private SpecDiffer(SpecDocument old, SpecDocument @new)
    {
        _old = old;
        _new = @new;
    }

    private JsonObject OldDoc => _old.Normalized;

    private JsonObject NewDoc => _new.Normalized;

    /// <summary>Every change from the old document to the new one.</summary>
    public static DiffResult Compare((SpecDocument Old, SpecDocument New) documents) => Compare(documents.Old, documents.New);

    /// <summary>Every change from <paramref name="old"/> to <paramref name="new"/>.</summary>
    public static DiffResult Compare(SpecDocument old, SpecDocument @new)
    {
        var differ = new SpecDiffer(old, @new);
        differ.CompareOperations();
        differ.ReportTypeNames();
        differ.CompareMcpTools();
        return new DiffResult(differ._changes);
    }

    private void Report(string id, string operation, string location, string message) =>
        _changes.Add(new DriftChange(id, DriftRules.Get(id).Level, operation, location, message));

    // ---- Operations ------------------------------------------------------------------------------------

    private sealed record Operation(string Path, string Method, JsonObject Node, JsonObject PathItem)
    {
        public string Display => $"{Method.ToUpperInvariant()} {Path}";

        public string Pointer => JsonPointer.Append(PathPointer, Method);

        public string PathPointer => JsonPointer.Append("/paths", Path);
    }

    [GeneratedRegex(@"\{([^}]*)\}")]
    private static partial Regex PathParameter();

    private static string TemplateKey(string path) => PathParameter().Replace(path, "{}");

    private static SortedDictionary<string, Operation> Operations(JsonObject doc)
    {
        var result = new SortedDictionary<string, Operation>(StringComparer.Ordinal);
        foreach (var (path, item) in doc["paths"] as JsonObject ?? [])
        {
            if (Deref(doc, item) is not JsonObject pathItem)
            {
                continue;
            }

            foreach (var method in Methods)
            {
                if (pathItem[method] is JsonObject op)
                {
                    result.TryAdd(TemplateKey(path) + " " + method, new Operation(path, method, op, pathItem));
                }
            }
        }

        return result;
    }

    private void CompareOperations()
    {
        var olds = Operations(OldDoc);
        var news = Operations(NewDoc);
        var oldPaths = olds.Values.Select(o => TemplateKey(o.Path)).ToHashSet(StringComparer.Ordinal);
        var newPaths = news.Values.Select(o => TemplateKey(o.Path)).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, op) in olds)
        {
            if (news.ContainsKey(key))
            {
                CompareOperation(op, news[key]);
            }
            else if (newPaths.Contains(TemplateKey(op.Path)))
            {
                Report("api-removed", op.Display, op.Pointer, $"{op.Display} was removed; calls to it will fail");
            }
            else
            {
                Report("api-path-removed", op.Display, op.Pointer, $"the path {op.Path} was removed, and with it {op.Display}; calls to it will fail");
            }
        }

        foreach (var (_, op) in news.Where(n => !olds.ContainsKey(n.Key)))
        {
            Report(oldPaths.Contains(TemplateKey(op.Path)) ? "endpoint-added" : "api-path-added", op.Display, op.Pointer,
                $"{op.Display} was added{(oldPaths.Contains(TemplateKey(op.Path)) ? "" : " on a new path")}");
        }
    }

    private void CompareOperation(Operation o, Operation n)
    {
        var display = n.Display;
        if (Text(o.Node["operationId"]) is { } oldId && Text(n.Node["operationId"]) is { } newId && oldId != newId)
        {
            Report("api-operation-id-changed", display, n.Pointer + "/operationId",
                $"the operationId {oldId} is now {newId}: the C# method {CSharpMethod(oldId)} becomes {CSharpMethod(newId)}");
        }

        if (IsTrue(n.Node["deprecated"]) && !IsTrue(o.Node["deprecated"]))
        {
            Report("endpoint-deprecated", display, n.Pointer + "/deprecated", $"{display} was deprecated");
        }

        CompareParameters(o, n);
        CompareRequestBodies(o, n);
        CompareResponses(o, n);
    }

    // ---- MCP tools --------------------------------------------------------------------------------------

    // Agents call the MCP server's tools by name (one per operation, named from its operation id). An operation removed
    // or added already reports its tool with it (api-path-removed / api-removed are breaking, api-path-added /
    // endpoint-added info); a renamed operation id keeps the wire but renames the tool, which breaks every agent
    // configured with the old name.
    private void CompareMcpTools()
    {
        var olds = Mcp.McpCatalog.ToolNames(OldDoc);
        var news = Mcp.McpCatalog.ToolNames(NewDoc);
        foreach (var (key, name) in olds)
        {
            if (news.TryGetValue(key, out var now) && now != name)
            {
                var renamed = Operations(NewDoc).Values.First(o => o.Method.ToUpperInvariant() + " " + TemplateKey(o.Path) == key);
                Report("mcp-tool-renamed", renamed.Display, renamed.Pointer + "/operationId",
                    $"the MCP tool {name} is now {now}: agents that call it by its old name fail");
            }
        }
    }

    // NSwag with MultipleClientsFromOperationId turns Tag_Action into {Tag}Client.{Action}Async.
    private static string CSharpMethod(string operationId) =>
        operationId.Split('_', 2) is [var tag, var action] ? $"{tag}Client.{action}Async" : operationId + "Async";

    // ---- Parameters ------------------------------------------------------------------------------------

    private sealed record Parameter(string Key, string Name, string In, bool Required, JsonObject? Schema, string Pointer)
    {
        public string Label => $"the {In} parameter {Name}";
    }

    private static SortedDictionary<string, Parameter> Parameters(JsonObject doc, Operation op)
    {
        var pathNames = PathParameter().Matches(op.Path).Select(m => m.Groups[1].Value).ToList();
        var result = new SortedDictionary<string, Parameter>(StringComparer.Ordinal);
        void Collect(JsonNode? list, string listPointer)
        {
            var items = list as JsonArray ?? [];
            for (var i = 0; i < items.Count; i++)
            {
                if (Deref(doc, items[i]) is not JsonObject p || Text(p["name"]) is not { } name || Text(p["in"]) is not { } location)
                {
                    continue;
                }

                if (location == "header" && IgnoredHeaders.Contains(name))
                {
                    continue;
                }

                // Path parameters are matched by position, so renaming one is not "removed + added".
                var key = location switch
                {
                    "path" when pathNames.IndexOf(name) is var index and >= 0 => "path#" + index.ToString(CultureInfo.InvariantCulture),
                    "header" => "header:" + name.ToLowerInvariant(),
                    _ => location + ":" + name,
                };
                var schema = p["schema"] as JsonObject
                    ?? (p["content"] as JsonObject)?.Select(c => c.Value?["schema"]).OfType<JsonObject>().FirstOrDefault();
                var pointer = listPointer + "/" + i.ToString(CultureInfo.InvariantCulture);
                result[key] = new Parameter(key, name, location, location == "path" || IsTrue(p["required"]), schema, pointer);
            }
        }

        Collect(op.PathItem["parameters"], op.PathPointer + "/parameters");
        Collect(op.Node["parameters"], op.Pointer + "/parameters");
        return result;
    }

    private void CompareParameters(Operation o, Operation n)
    {
        var display = n.Display;
        var olds = Parameters(OldDoc, o);
        var news = Parameters(NewDoc, n);
        foreach (var (_, p) in olds.Where(p => !news.ContainsKey(p.Key)))
        {
            Report("request-parameter-removed", display, p.Pointer,
                $"{p.Label} was removed: the server no longer reads it, and the generated method loses it");
        }

        foreach (var (_, p) in news.Where(p => !olds.ContainsKey(p.Key)))
        {
            if (p.Required)
            {
                Report("new-required-request-parameter", display, p.Pointer, $"{p.Label} was added as required: calls without it will be rejected");
            }
            else
            {
                Report("new-optional-request-parameter", display, p.Pointer, $"{p.Label} was added as optional");
            }
        }

        foreach (var (key, np) in news)
        {
            if (!olds.TryGetValue(key, out var op))
            {
                continue;
            }

            if (np.In == "path" && op.Name != np.Name)
            {
                Report("path-parameter-renamed", display, np.Pointer,
                    $"the path parameter {op.Name} is now {np.Name}: the wire is the same, the C# parameter name changes");
            }

            if (np.Required && !op.Required)
            {
                Report("request-parameter-became-required", display, np.Pointer, $"{np.Label} became required: calls without it will be rejected");
            }
            else if (!np.Required && op.Required)
            {
                Report("request-parameter-became-optional", display, np.Pointer, $"{np.Label} became optional");
            }

            var site = new Site(display, DriftRules.RequestParameter, Request: true, np.Label, Context: "");
            CompareSchema(site, op.Schema, np.Schema, np.Pointer + "/schema", "", []);
        }
    }

    // ---- Request bodies --------------------------------------------------------------------------------

    private void CompareRequestBodies(Operation o, Operation n)
    {
        var display = n.Display;
        var ob = Deref(OldDoc, o.Node["requestBody"]) as JsonObject;
        var nb = Deref(NewDoc, n.Node["requestBody"]) as JsonObject;
        var pointer = n.Pointer + "/requestBody";
        if (ob is null && nb is null)
        {
            return;
        }

        if (ob is null)
        {
            Report(IsTrue(nb!["required"]) ? "request-body-added-required" : "request-body-added-optional", display, pointer,
                IsTrue(nb["required"]) ? "a required request body was added: calls without it will be rejected" : "an optional request body was added");
            return;
        }

        if (nb is null)
        {
            Report("request-body-removed", display, o.Pointer + "/requestBody",
                "the request body was removed: the server no longer reads it, and the generated method loses it");
            return;
        }

        if (IsTrue(nb["required"]) && !IsTrue(ob["required"]))
        {
            Report("request-body-became-required", display, pointer, "the request body became required: calls without it will be rejected");
        }
        else if (!IsTrue(nb["required"]) && IsTrue(ob["required"]))
        {
            Report("request-body-became-optional", display, pointer, "the request body became optional");
        }

        var oldContent = MediaTypes(ob["content"]);
        var newContent = MediaTypes(nb["content"]);
        foreach (var (media, _) in oldContent.Where(m => !newContent.ContainsKey(m.Key)))
        {
            Report("request-body-media-type-removed", display, JsonPointer.Append(o.Pointer + "/requestBody/content", media),
                $"the request body no longer accepts {media}: requests sent as {media} will be rejected");
        }

        foreach (var (media, _) in newContent.Where(m => !oldContent.ContainsKey(m.Key)))
        {
            Report("request-body-media-type-added", display, JsonPointer.Append(pointer + "/content", media), $"the request body also accepts {media}");
        }

        foreach (var (media, newMedia) in newContent)
        {
            if (oldContent.TryGetValue(media, out var oldMedia))
            {
                var site = new Site(display, DriftRules.RequestBody, Request: true, "the request body", $" ({media})");
                CompareSchema(site, oldMedia?["schema"] as JsonObject, newMedia?["schema"] as JsonObject,
                    JsonPointer.Append(pointer + "/content", media) + "/schema", "", []);
            }
        }
    }

    // ---- Responses -------------------------------------------------------------------------------------

    private static bool IsSuccess(string status) => status.StartsWith('2');

    private void CompareResponses(Operation o, Operation n)
    {
        var display = n.Display;
        var olds = o.Node["responses"] as JsonObject ?? [];
        var news = n.Node["responses"] as JsonObject ?? [];
        foreach (var (status, _) in olds.Where(r => !news.ContainsKey(r.Key)).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var pointer = JsonPointer.Append(o.Pointer + "/responses", status);
            if (IsSuccess(status))
            {
                Report("response-success-status-removed", display, pointer,
                    $"the success response {status} was removed: the server answers with another status the old client does not expect");
            }
            else
            {
                Report("response-non-success-status-removed", display, pointer, $"the error response {status} was removed");
            }
        }

        foreach (var (status, _) in news.Where(r => !olds.ContainsKey(r.Key)).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var pointer = JsonPointer.Append(n.Pointer + "/responses", status);
            if (IsSuccess(status))
            {
                Report("response-success-status-added", display, pointer,
                    $"the success response {status} was added: clients generated before it throw ApiException when they receive it");
            }
            else
            {
                Report("response-non-success-status-added", display, pointer, $"the error response {status} was added");
            }
        }

        foreach (var (status, newNode) in news.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (olds[status] is { } oldNode)
            {
                CompareResponse(display, status, Deref(OldDoc, oldNode) as JsonObject ?? [], Deref(NewDoc, newNode) as JsonObject ?? [],
                    JsonPointer.Append(n.Pointer + "/responses", status), JsonPointer.Append(o.Pointer + "/responses", status));
            }
        }
    }

    private void CompareResponse(string display, string status, JsonObject or, JsonObject nr, string pointer, string oldPointer)
    {
        var oldContent = MediaTypes(or["content"]);
        var newContent = MediaTypes(nr["content"]);
        foreach (var (media, _) in oldContent.Where(m => !newContent.ContainsKey(m.Key)))
        {
            Report("response-media-type-removed", display, JsonPointer.Append(oldPointer + "/content", media),
                $"the {status} response no longer comes as {media}: the client cannot read what comes instead");
        }

        foreach (var (media, _) in newContent.Where(m => !oldContent.ContainsKey(m.Key)))
        {
            Report("response-media-type-added", display, JsonPointer.Append(pointer + "/content", media), $"the {status} response can also come as {media}");
        }

        foreach (var (media, newMedia) in newContent)
        {
            if (oldContent.TryGetValue(media, out var oldMedia))
            {
                var site = new Site(display, DriftRules.ResponseBody, Request: false, "the response body", $" ({status}, {media})");
                CompareSchema(site, oldMedia?["schema"] as JsonObject, newMedia?["schema"] as JsonObject,
                    JsonPointer.Append(pointer + "/content", media) + "/schema", "", []);
            }
        }

        var oldHeaders = Headers(or["headers"]);
        var newHeaders = Headers(nr["headers"]);
        foreach (var name in oldHeaders.Keys.Where(h => !newHeaders.ContainsKey(h)))
        {
            Report("response-header-removed", display, JsonPointer.Append(oldPointer + "/headers", oldHeaders[name]),
                $"the {status} response no longer sends the header {oldHeaders[name]}");
        }

        foreach (var name in newHeaders.Keys.Where(h => !oldHeaders.ContainsKey(h)))
        {
            Report("response-header-added", display, JsonPointer.Append(pointer + "/headers", newHeaders[name]),
                $"the {status} response sends a new header {newHeaders[name]}");
        }
    }

    // Media types and header names are case-insensitive; the document's own spelling goes into locations.
    private static SortedDictionary<string, JsonNode?> MediaTypes(JsonNode? content)
    {
        var result = new SortedDictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (media, value) in content as JsonObject ?? [])
        {
            result.TryAdd(media, value);
        }

        return result;
    }

    private static SortedDictionary<string, string> Headers(JsonNode? headers)
    {
        var result = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, _) in headers as JsonObject ?? [])
        {
            result.TryAdd(name, name);
        }

        return result;
    }

    // ---- Schemas ---------------------------------------------------------------------------------------

    /// <summary>Where a schema sits: its rule family, direction and how messages name it.</summary>
    private sealed record Site(string Operation, string Family, bool Request, string Label, string Context);

    private static string Subject(Site site, string path)
    {
        if (site.Family == DriftRules.RequestParameter)
        {
            return path.Length == 0 ? site.Label : site.Label + (path.StartsWith('[') ? path : "." + path);
        }

        return path.Length == 0 ? site.Label + site.Context : $"the {(site.Request ? "request" : "response")} property {path}{site.Context}";
    }

    private static string Prefix(Site site, string path) =>
        site.Family == DriftRules.RequestParameter || path.Length == 0 ? site.Family
        : site.Request ? DriftRules.RequestProperty : DriftRules.ResponseProperty;

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private void CompareSchema(Site site, JsonObject? oldSchema, JsonObject? newSchema, string pointer, string path, HashSet<(string, string)> stack) =>
        CompareViews(site, SchemaView.Of(OldDoc, oldSchema), SchemaView.Of(NewDoc, newSchema), pointer, path, stack);

    private void CompareViews(Site site, SchemaView ov, SchemaView nv, string pointer, string path, HashSet<(string, string)> stack)
    {
        if (ov.RefName is not { } oldName || nv.RefName is not { } newName)
        {
            CompareShapes(site, ov, nv, pointer, path, stack);
            return;
        }

        if (oldName != newName)
        {
            _typeNames.Add(new TypeNameChange(site.Operation, pointer, oldName, newName));
        }

        // A recursive schema meets the same pair of components again further down: compared once per path.
        if (!stack.Add((oldName, newName)))
        {
            return;
        }

        CompareShapes(site, ov, nv, pointer, path, stack);
        stack.Remove((oldName, newName));
    }

    private void CompareShapes(Site site, SchemaView ov, SchemaView nv, string pointer, string path, HashSet<(string, string)> stack)
    {
        var prefix = Prefix(site, path);
        var subject = Subject(site, path);
        if (!CompareTypes(site, ov, nv, pointer, prefix, subject))
        {
            // A different type makes everything below it a different thing: one change says it all.
            return;
        }

        if (ov.Nullable != nv.Nullable)
        {
            var message = nv.Nullable
                ? site.Request ? $"{subject} now accepts null" : $"{subject} can now be null: the client's non-nullable member cannot hold it"
                : site.Request ? $"{subject} no longer accepts null" : $"{subject} is no longer null";
            Report(nv.Nullable ? $"{prefix}-became-nullable" : $"{prefix}-became-not-nullable", site.Operation, pointer, message);
        }

        CompareValues(site, ov, nv, pointer, prefix, subject);
        if (site.Request)
        {
            CompareRequestConstraints(site, ov, nv, pointer, prefix, subject);
        }

        CompareProperties(site, ov, nv, pointer, path, stack);
        if (ov.Items is not null && nv.Items is not null)
        {
            CompareSchema(site, ov.Items, nv.Items, pointer + "/items", path + "[]", stack);
        }

        if (ov.AdditionalProperties is not null && nv.AdditionalProperties is not null)
        {
            CompareSchema(site, ov.AdditionalProperties, nv.AdditionalProperties, pointer + "/additionalProperties", Join(path, "*"), stack);
        }
    }

    /// <summary>Reports a type or format change; false when it is incompatible (nothing below is compared).</summary>
    private bool CompareTypes(Site site, SchemaView ov, SchemaView nv, string pointer, string prefix, string subject)
    {
        if (ov.Types.SetEquals(nv.Types) && ov.Format == nv.Format)
        {
            return true;
        }

        var from = ov.DescribeType();
        var to = nv.DescribeType();
        if (site.Request && Covers(nv, ov))
        {
            Report($"{prefix}-type-generalized", site.Operation, pointer, $"{subject} was widened from {from} to {to}");
            return true;
        }

        if (!site.Request && Covers(ov, nv))
        {
            Report($"{prefix}-type-specialized", site.Operation, pointer, $"{subject} was narrowed from {from} to {to}");
            return true;
        }

        Report($"{prefix}-type-changed", site.Operation, pointer, site.Request
            ? $"{subject} changed from {from} to {to}: values the client sends may be rejected"
            : $"{subject} changed from {from} to {to}: the client may fail to read it");
        return false;
    }

    // Every value of the narrow type is a value of the wide one (an integer is a number; "any" holds everything).
    private static bool Covers(SchemaView wide, SchemaView narrow) =>
        (wide.Types.Count == 0
            || (narrow.Types.Count > 0 && narrow.Types.All(t => wide.Types.Contains(t) || (t == "integer" && wide.Types.Contains("number")))))
        && (wide.Format is null || wide.Format == narrow.Format);

    private void CompareValues(Site site, SchemaView ov, SchemaView nv, string pointer, string prefix, string subject)
    {
        if (ov.Values is null && nv.Values is not null && site.Request)
        {
            Report($"{prefix}-became-enum", site.Operation, pointer,
                $"{subject} was restricted to {string.Join(", ", nv.Values)}: other values the client sends will be rejected");
            return;
        }

        if (ov.Values is null || nv.Values is null)
        {
            return;
        }

        foreach (var value in ov.Values.Except(nv.Values, StringComparer.Ordinal))
        {
            Report($"{prefix}-enum-value-removed", site.Operation, pointer, site.Request
                ? $"{subject} no longer accepts {value}: requests with it will be rejected"
                : $"{subject} no longer lists {value}");
        }

        foreach (var value in nv.Values.Except(ov.Values, StringComparer.Ordinal))
        {
            Report($"{prefix}-enum-value-added", site.Operation, pointer, site.Request
                ? $"{subject} also accepts {value}"
                : $"{subject} can now be {value}: the client reads it as a string, but code that handles the known values needs a case for it");
        }
    }

    // Patterns, bounds and defaults are enforced by the server on what the client sends. The client never
    // validates what it receives, so the same keywords in responses do not matter to it and are not compared.
    private void CompareRequestConstraints(Site site, SchemaView ov, SchemaView nv, string pointer, string prefix, string subject)
    {
        switch (ov.Pattern, nv.Pattern)
        {
            case (null, { } added):
                Report($"{prefix}-pattern-added", site.Operation, pointer, $"{subject} must now match {added}: other values may be rejected");
                break;
            case ({ } removed, null):
                Report($"{prefix}-pattern-removed", site.Operation, pointer, $"{subject} no longer has to match {removed}");
                break;
            case ({ } before, { } after) when before != after:
                Report($"{prefix}-pattern-changed", site.Operation, pointer, $"{subject} must now match {after} instead of {before}: some values may be rejected");
                break;
        }

        switch (ov.Default, nv.Default)
        {
            case (null, { } added):
                Report($"{prefix}-default-value-added", site.Operation, pointer, $"{subject} defaults to {added}");
                break;
            case ({ } removed, null):
                Report($"{prefix}-default-value-removed", site.Operation, pointer, $"{subject} no longer defaults to {removed}");
                break;
            case ({ } before, { } after) when before != after:
                Report($"{prefix}-default-value-changed", site.Operation, pointer,
                    $"{subject} now defaults to {after} instead of {before}: calls that leave it out behave differently");
                break;
        }

        foreach (var bound in new[] { "max-length", "max", "max-items", "min-length", "min", "min-items" })
        {
            var isMax = bound.StartsWith("max", StringComparison.Ordinal);
            var keyword = bound switch
            {
                "max-length" => "maxLength",
                "max" => "maximum",
                "max-items" => "maxItems",
                "min-length" => "minLength",
                "min" => "minimum",
                _ => "minItems",
            };
            var had = ov.Bounds.TryGetValue(bound, out var before);
            var has = nv.Bounds.TryGetValue(bound, out var after);
            string change;
            bool tighter;
            if (!had && has)
            {
                (change, tighter) = ("set", true);
            }
            else if (had && !has)
            {
                (change, tighter) = ("unset", false);
            }
            else if (had && before != after)
            {
                // A lower maximum or a higher minimum rejects values that were fine before.
                change = after > before ? "increased" : "decreased";
                tighter = isMax ? after < before : after > before;
            }
            else
            {
                continue;
            }

            var text = change switch
            {
                "set" => $"{subject} now has {keyword} {Number(after)}",
                "unset" => $"{subject} no longer has {keyword} {Number(before)}",
                _ => $"{subject} has {keyword} {Number(after)} instead of {Number(before)}",
            };
            Report($"{prefix}-{bound}-{change}", site.Operation, pointer, tighter ? text + ": some values the client sends may be rejected" : text);
        }
    }

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private void CompareProperties(Site site, SchemaView ov, SchemaView nv, string pointer, string path, HashSet<(string, string)> stack)
    {
        var names = ov.Properties.Keys.Union(nv.Properties.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var childPointer = JsonPointer.Append(pointer + "/properties", name);
            var childPath = Join(path, name);
            var oldChild = ov.Properties.TryGetValue(name, out var o) ? SchemaView.Of(OldDoc, o) : null;
            var newChild = nv.Properties.TryGetValue(name, out var n) ? SchemaView.Of(NewDoc, n) : null;

            // A read-only property is never sent, a write-only one never received: they do not exist in that direction.
            if (IsHidden(site, oldChild))
            {
                oldChild = null;
            }

            if (IsHidden(site, newChild))
            {
                newChild = null;
            }

            var subject = Subject(site, childPath);
            switch (oldChild, newChild)
            {
                case (null, null):
                    break;
                case (not null, null):
                    var wasRequired = ov.Required.Contains(name) ? " (it was required)" : "";
                    if (site.Request)
                    {
                        Report(DriftRules.RequestProperty + "-removed", site.Operation, childPointer,
                            $"{subject} was removed{wasRequired}: the server no longer reads it, and the generated type loses it");
                    }
                    else
                    {
                        Report(DriftRules.ResponseProperty + "-removed", site.Operation, childPointer,
                            $"{subject} was removed{wasRequired}: the generated type loses it and code reading it breaks");
                    }

                    break;
                case (null, not null):
                    var required = nv.Required.Contains(name);
                    if (site.Request)
                    {
                        Report(required ? "new-required-request-property" : "new-optional-request-property", site.Operation, childPointer,
                            required ? $"{subject} was added as required: requests without it will be rejected" : $"{subject} was added as optional");
                    }
                    else
                    {
                        Report(required ? "response-required-property-added" : "response-optional-property-added", site.Operation, childPointer,
                            $"{subject} was added{(required ? " as required" : "")}");
                    }

                    break;
                default:
                    CompareRequired(site, ov.Required.Contains(name), nv.Required.Contains(name), childPointer, subject);
                    CompareViews(site, oldChild, newChild, childPointer, childPath, stack);
                    break;
            }
        }
    }

    private static bool IsHidden(Site site, SchemaView? property) =>
        property is not null && (site.Request ? property.ReadOnly : property.WriteOnly);

    private void CompareRequired(Site site, bool wasRequired, bool isRequired, string pointer, string subject)
    {
        if (wasRequired == isRequired)
        {
            return;
        }

        if (site.Request)
        {
            Report(isRequired ? "request-property-became-required" : "request-property-became-optional", site.Operation, pointer,
                isRequired ? $"{subject} became required: requests without it will be rejected" : $"{subject} became optional");
        }
        else
        {
            Report(isRequired ? "response-property-became-required" : "response-property-became-optional", site.Operation, pointer,
                isRequired ? $"{subject} became required" : $"{subject} became optional: it may be missing, and the client's non-nullable member cannot say so");
        }
    }

    // ---- C# type names -----------------------------------------------------------------------------------

    private sealed record TypeNameChange(string Operation, string Location, string OldName, string NewName);

    /// <summary>
    /// Every normalized component is a C# type. When the type at a location changes name, the wire may be the same,
    /// but code that names the type stops compiling. Each pair of names is reported once, at its first location.
    /// </summary>
    private void ReportTypeNames()
    {
        var oldComponents = ComponentNames(OldDoc);
        var newComponents = ComponentNames(NewDoc);
        var firsts = _typeNames
            .OrderBy(t => t.Operation, StringComparer.Ordinal)
            .ThenBy(t => t.Location, StringComparer.Ordinal)
            .GroupBy(t => (t.OldName, t.NewName))
            .Select(g => g.First());
        foreach (var change in firsts)
        {
            var (oldType, newType) = (change.OldName, change.NewName);
            if (newComponents.Contains(oldType) || oldComponents.Contains(newType))
            {
                Report("component-ref-changed", change.Operation, change.Location,
                    $"this location now uses the C# type {newType} instead of {oldType}");
                continue;
            }

            var oldSite = SiteAt(_old, change.Location);
            var newSite = SiteAt(_new, change.Location);
            if (oldSite is { Known: true, RefName: null } && newSite.RefName is { } extracted)
            {
                Report("inline-schema-extracted", change.Operation, change.Location,
                    $"the inline schema here was moved into the component '{extracted}': the C# type {oldType} is now {newType}");
            }
            else if (oldSite.RefName is { } inlined && newSite is { Known: true, RefName: null })
            {
                Report("component-inlined", change.Operation, change.Location,
                    $"the component '{inlined}' was replaced by an inline schema here: the C# type {oldType} is now {newType}");
            }
            else
            {
                var components = oldSite.RefName is { } from && newSite.RefName is { } to && from != to ? $"the component '{from}' is now '{to}': " : "";
                Report("component-renamed", change.Operation, change.Location,
                    $"{components}the C# type {oldType} is now {newType}; code that names it must follow");
            }
        }
    }

    private static HashSet<string> ComponentNames(JsonObject doc) =>
        (doc["components"]?["schemas"] as JsonObject ?? []).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Follows a report location (a pointer read with references followed) through a document as it was given, and
    /// says whether upstream wrote the schema there inline or as a reference, and to which component. Unknown when
    /// the location is not found, or when the input was already normalized (then every object is a reference).
    /// </summary>
    private static (bool Known, string? RefName) SiteAt(SpecDocument document, string pointer)
    {
        if (document.InputWasNormalized)
        {
            return (false, null);
        }

        var node = Walk(document.Input, document.Input, JsonPointer.Tokens(pointer).ToList(), 0, 0);
        return node is null ? (false, null) : (true, SchemaView.SiteRefName(node));
    }

    private static JsonObject? Walk(JsonObject doc, JsonNode node, List<string> tokens, int index, int depth)
    {
        if (index == tokens.Count)
        {
            return node as JsonObject;
        }

        if (depth > 64)
        {
            return null;
        }

        var child = node switch
        {
            JsonObject obj => obj[tokens[index]],
            JsonArray array => int.TryParse(tokens[index], NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count ? array[i] : null,
            _ => null,
        };
        if (child is not null && Walk(doc, child, tokens, index + 1, depth) is { } direct)
        {
            return direct;
        }

        if (node is not JsonObject schema)
        {
            return null;
        }

        if (Text(schema["$ref"]) is { } reference && SchemaView.Resolve(doc, reference) is { } target
            && Walk(doc, target, tokens, index, depth + 1) is { } viaReference)
        {
            return viaReference;
        }

        foreach (var keyword in new[] { "allOf", "oneOf", "anyOf" })
        {
            foreach (var member in (schema[keyword] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (Walk(doc, member, tokens, index, depth + 1) is { } viaMember)
                {
                    return viaMember;
                }
            }
        }

        return null;
    }

    // ---- Helpers ---------------------------------------------------------------------------------------

    /// <summary>Follows a <c>$ref</c> chain of a path item, parameter, request body or response.</summary>
    private static JsonNode? Deref(JsonObject doc, JsonNode? node)
    {
        for (var i = 0; i < 32 && node is JsonObject obj && Text(obj["$ref"]) is { } reference; i++)
        {
            node = SchemaView.Resolve(doc, reference);
        }

        return node;
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.True;
}
