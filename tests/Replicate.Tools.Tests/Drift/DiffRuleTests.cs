using System.Text.Json.Nodes;
using Replicate.Tools.Drift;

namespace Replicate.Tools.Tests.Drift;

/// <summary>
/// Each rule on a small synthetic pair: one change to the document must report exactly the expected rules
/// (nothing else fires), and the same change read backwards must report its counterpart (so a rule does not fire
/// for the opposite change). A last test checks that every rule of the catalog is exercised here.
/// </summary>
public class DiffRuleTests
{
    /// <summary>A change to the document; <see cref="Base"/> prepares the "before" state when the base document lacks it.</summary>
    public sealed record Case(string Name, Action<JsonObject> Change, string[] Forward, string[] Backward)
    {
        public Action<JsonObject>? Base { get; init; }

        public override string ToString() => Name;
    }

    private static JsonObject Param(JsonObject doc, int index) => doc.At($"/paths/~1books/get/parameters/{index}");

    private static JsonObject ParamSchema(JsonObject doc, int index) => doc.At($"/paths/~1books/get/parameters/{index}/schema");

    private static JsonObject NoteBody(JsonObject doc) => doc.At("/paths/~1books~1{book_id}~1note/put/requestBody/content/text~1plain/schema");

    private static JsonObject NoteResponse(JsonObject doc) => doc.At("/paths/~1books~1{book_id}~1note/put/responses/200/content/application~1json/schema");

    private static JsonObject RequestTitle(JsonObject doc) => doc.Property("book_request", "title");

    private static JsonArray Required(JsonObject doc, string schema) => (JsonArray)doc.Schema(schema)["required"]!;

    private static void RenamePathParameter(JsonObject doc)
    {
        var paths = doc.At("/paths");
        foreach (var (from, to) in new[] { ("/books/{book_id}", "/books/{id}"), ("/books/{book_id}/note", "/books/{id}/note") })
        {
            var item = paths[from]!.AsObject();
            paths.Remove(from);
            paths[to] = item;
            foreach (var (_, op) in item)
            {
                op!["parameters"]![0]!["name"] = "id";
            }
        }
    }

    private static void RenameComponent(JsonObject doc, string from, string to)
    {
        var schemas = doc.At("/components/schemas");
        var schema = schemas[from]!;
        schemas.Remove(from);
        schemas[to] = schema;
        var text = doc.ToJsonString().Replace($"\"#/components/schemas/{from}\"", $"\"#/components/schemas/{to}\"", StringComparison.Ordinal);
        var replaced = JsonNode.Parse(text)!.AsObject();
        doc.Clear();
        foreach (var (key, value) in replaced.ToList())
        {
            replaced.Remove(key);
            doc[key] = value;
        }
    }

    public static IEnumerable<Case> Cases()
    {
        // Operations.
        yield return new("a path removed", d => d.At("/paths").Remove("/books/{book_id}/note"), ["api-path-removed"], ["api-path-added"]);
        yield return new("an operation removed", d => d.At("/paths/~1books~1{book_id}").Remove("delete"), ["api-removed"], ["endpoint-added"]);
        yield return new("the QUERY operation removed", d => d.At("/paths/~1books~1search").Remove("query"), ["api-path-removed"], ["api-path-added"]);
        yield return new("an operation id changed (the MCP tool is renamed)", d => d.At("/paths/~1books~1{book_id}/get")["operationId"] = "books.fetch",
            ["api-operation-id-changed", "mcp-tool-renamed"], ["api-operation-id-changed", "mcp-tool-renamed"]);
        yield return new("an operation deprecated", d => d.At("/paths/~1books~1{book_id}/get")["deprecated"] = true, ["endpoint-deprecated"], []);

        // Parameters.
        yield return new("a required parameter added", d => ((JsonArray)d.At("/paths/~1books/get")["parameters"]!).Add(
            JsonNode.Parse("""{"name":"shelf","in":"query","required":true,"schema":{"type":"string"}}""")),
            ["new-required-request-parameter"], ["request-parameter-removed"]);
        yield return new("an optional parameter added", d => ((JsonArray)d.At("/paths/~1books/get")["parameters"]!).Add(
            JsonNode.Parse("""{"name":"X-Trace","in":"header","schema":{"type":"string"}}""")),
            ["new-optional-request-parameter"], ["request-parameter-removed"]);
        yield return new("a header the client sets itself added", d => ((JsonArray)d.At("/paths/~1books/get")["parameters"]!).Add(
            JsonNode.Parse("""{"name":"Accept","in":"header","schema":{"type":"string"}}""")), [], []);
        yield return new("a parameter became required", d => Param(d, 1)["required"] = true,
            ["request-parameter-became-required"], ["request-parameter-became-optional"]);
        yield return new("a path parameter renamed", RenamePathParameter, ["path-parameter-renamed"], ["path-parameter-renamed"]);
        yield return new("a parameter type changed", d => ParamSchema(d, 1)["type"] = "string",
            ["request-parameter-type-changed"], ["request-parameter-type-changed"]);
        yield return new("a parameter type widened", d => ParamSchema(d, 1)["type"] = "number",
            ["request-parameter-type-generalized"], ["request-parameter-type-changed"]);
        yield return new("a parameter became nullable (3.1 spelling)", d => ParamSchema(d, 0)["type"] = new JsonArray("string", "null"),
            ["request-parameter-became-nullable"], ["request-parameter-became-not-nullable"]);
        yield return new("a parameter enum value added", d => ((JsonArray)ParamSchema(d, 2)["enum"]!).Add("random"),
            ["request-parameter-enum-value-added"], ["request-parameter-enum-value-removed"]);

        // Request bodies.
        yield return new("a request body removed", d => d.At("/paths/~1books~1{book_id}~1note/put").Remove("requestBody"),
            ["request-body-removed"], ["request-body-added-optional"]);
        yield return new("a required request body removed", d => d.At("/paths/~1books/post").Remove("requestBody"),
            ["request-body-removed"], ["request-body-added-required"]);
        yield return new("a request body became optional", d => d.At("/paths/~1books/post/requestBody")["required"] = false,
            ["request-body-became-optional"], ["request-body-became-required"]);
        yield return new("a request media type added", d => d.At("/paths/~1books/post/requestBody/content")["application/x-www-form-urlencoded"] =
            JsonNode.Parse("""{"schema":{"$ref":"#/components/schemas/book_request"}}"""),
            ["request-body-media-type-added"], ["request-body-media-type-removed"]);
        yield return new("a required request property added", d =>
            {
                d.Schema("book_request")["properties"]!["isbn"] = JsonNode.Parse("""{"type":"string"}""");
                Required(d, "book_request").Add("isbn");
            },
            ["new-required-request-property"], ["request-property-removed"]);
        yield return new("an optional request property added", d => d.Schema("book_request")["properties"]!["isbn"] = JsonNode.Parse("""{"type":"string"}"""),
            ["new-optional-request-property"], ["request-property-removed"]);
        yield return new("a read-only property added to a request", d =>
            {
                d.Schema("book_request")["properties"]!["created"] = JsonNode.Parse("""{"type":"string","readOnly":true}""");
                Required(d, "book_request").Add("created");
            }, [], []);
        yield return new("a request property became required", d => Required(d, "book_request").Add("pages"),
            ["request-property-became-required"], ["request-property-became-optional"]);
        yield return new("a request property type changed", d => RequestTitle(d)["type"] = "integer",
            ["request-property-type-changed"], ["request-property-type-changed"]);
        yield return new("a request enum value added", d => ((JsonArray)d.Property("book_request", "kind")["enum"]!).Add("poem"),
            ["request-property-enum-value-added"], ["request-property-enum-value-removed"]);
        yield return new("a property of the QUERY body became required", d => d.At(
            "/paths/~1books~1search/query/requestBody/content/application~1json/schema")["required"] = new JsonArray("text"),
            ["request-property-became-required"], ["request-property-became-optional"]);

        // Responses.
        yield return new("a success status removed", d => d.At("/paths/~1books/post/responses").Remove("201"),
            ["response-success-status-removed"], ["response-success-status-added"]);
        yield return new("an error status removed", d => d.At("/paths/~1books/post/responses").Remove("400"),
            ["response-non-success-status-removed"], ["response-non-success-status-added"]);
        yield return new("a response media type added", d => d.At("/paths/~1books~1{book_id}/get/responses/200/content")["application/cbor"] =
            JsonNode.Parse("""{"schema":{"$ref":"#/components/schemas/book"}}"""),
            ["response-media-type-added"], ["response-media-type-removed"]);
        yield return new("a response header added", d => d.At("/paths/~1books~1{book_id}/get/responses/200")["headers"] =
            JsonNode.Parse("""{"X-Rate-Limit":{"schema":{"type":"integer"}}}"""),
            ["response-header-added"], ["response-header-removed"]);
        yield return new("a response property removed", d => d.Schema("book")["properties"]!.AsObject().Remove("rating"),
            ["response-property-removed"], ["response-optional-property-added"]);
        yield return new("a required response property added", d =>
            {
                d.Schema("book")["properties"]!["isbn"] = JsonNode.Parse("""{"type":"string"}""");
                Required(d, "book").Add("isbn");
            },
            ["response-required-property-added"], ["response-property-removed"]);
        yield return new("a response property became optional", d => Required(d, "book").RemoveAt(1),
            ["response-property-became-optional"], ["response-property-became-required"]);
        yield return new("a response property became nullable (3.0 spelling)", d => d.Property("book", "rating")["nullable"] = true,
            ["response-property-became-nullable"], ["response-property-became-not-nullable"]);
        yield return new("a response property became nullable (anyOf with null)", d => d.Schema("book")["properties"]!["rating"] =
            JsonNode.Parse("""{"anyOf":[{"type":"number"},{"type":"null"}]}"""),
            ["response-property-became-nullable"], ["response-property-became-not-nullable"]);
        yield return new("a response enum value added", d => ((JsonArray)d.Property("book", "status")["enum"]!).Add("lost"),
            ["response-property-enum-value-added"], ["response-property-enum-value-removed"]);
        yield return new("a response property type changed", d => d.Property("book", "rating")["type"] = "string",
            ["response-property-type-changed"], ["response-property-type-changed"]);
        yield return new("a response property narrowed", d => d.Property("book", "rating")["type"] = "integer",
            ["response-property-type-specialized"], ["response-property-type-changed"]);
        yield return new("a response format removed", d => d.At("/components/schemas/book/properties/links/properties/self").Remove("format"),
            ["response-property-type-changed"], ["response-property-type-specialized"]);
        yield return new("an array item type changed", d => d.At("/components/schemas/book/properties/tags/items")["type"] = "integer",
            ["response-property-type-changed"], ["response-property-type-changed"]);
        yield return new("a response body type changed", d => NoteResponse(d)["type"] = "string",
            ["response-body-type-changed"], ["response-body-type-changed"]);
        yield return new("a response body restricted to listed values (not reported: the client reads any)", d => NoteResponse(d)["enum"] = new JsonArray(1, 2),
            [], []);
        yield return new("a response body enum value added", d => NoteResponse(d)["enum"] = new JsonArray(1, 2, 3),
            ["response-body-enum-value-added"], ["response-body-enum-value-removed"])
        {
            Base = d => NoteResponse(d)["enum"] = new JsonArray(1, 2),
        };
        yield return new("a response body became nullable", d => NoteResponse(d)["nullable"] = true,
            ["response-body-became-nullable"], ["response-body-became-not-nullable"]);
        yield return new("a response body widened to number", d => NoteResponse(d)["type"] = "number",
            ["response-body-type-changed"], ["response-body-type-specialized"]);

        // Request body root and parameter: the same families with other prefixes.
        yield return new("a request body type changed", d => NoteBody(d)["type"] = "integer",
            ["request-body-type-changed"], ["request-body-type-changed"]);
        yield return new("a request body became nullable", d => NoteBody(d)["nullable"] = true,
            ["request-body-became-nullable"], ["request-body-became-not-nullable"]);

        // C# names the wire does not see.
        yield return new("a component renamed", d => RenameComponent(d, "person", "writer"), ["component-renamed"], ["component-renamed"]);
        yield return new("an inline schema extracted under another name", d =>
            {
                d.At("/components/schemas")["link_set"] = d.Property("book", "links").DeepClone();
                d.Schema("book")["properties"]!["links"] = JsonNode.Parse("""{"$ref":"#/components/schemas/link_set"}""");
            },
            ["inline-schema-extracted"], ["component-inlined"]);
        yield return new("an inline schema extracted under the name it had", d =>
            {
                d.At("/components/schemas")["book_links"] = d.Property("book", "links").DeepClone();
                d.Schema("book")["properties"]!["links"] = JsonNode.Parse("""{"$ref":"#/components/schemas/book_links"}""");
            }, [], []);
        yield return new("a property now refers to another existing component", d => d.Property("book", "author")["$ref"] = "#/components/schemas/editor",
            ["component-ref-changed"], ["component-ref-changed"]);

        // Request constraints: patterns, defaults and every bound, on a parameter, a body and a property.
        foreach (var (prefix, site) in new (string, Func<JsonObject, JsonObject>)[]
        {
            (DriftRules.RequestParameter, d => ParamSchema(d, 0)),
            (DriftRules.RequestBody, NoteBody),
            (DriftRules.RequestProperty, RequestTitle),
        })
        {
            yield return new($"{prefix}: restricted to listed values", d => site(d)["enum"] = new JsonArray("a", "b"), [$"{prefix}-became-enum"], []);
            yield return new($"{prefix}: pattern added", d => site(d)["pattern"] = "^[a-z]+$", [$"{prefix}-pattern-added"], [$"{prefix}-pattern-removed"]);
            yield return new($"{prefix}: default added", d => site(d)["default"] = "x", [$"{prefix}-default-value-added"], [$"{prefix}-default-value-removed"]);
            foreach (var (keyword, bound, isMax) in new[]
            {
                ("maxLength", "max-length", true), ("maximum", "max", true), ("maxItems", "max-items", true),
                ("minLength", "min-length", false), ("minimum", "min", false), ("minItems", "min-items", false),
            })
            {
                yield return new($"{prefix}: {keyword} set", d => site(d)[keyword] = 10, [$"{prefix}-{bound}-set"], [$"{prefix}-{bound}-unset"]);
                var tighter = isMax ? "decreased" : "increased";
                var looser = isMax ? "increased" : "decreased";
                yield return new($"{prefix}: {keyword} from 10 to {(isMax ? 5 : 20)}", d => site(d)[keyword] = isMax ? 5 : 20,
                    [$"{prefix}-{bound}-{tighter}"], [$"{prefix}-{bound}-{looser}"])
                {
                    Base = d => site(d)[keyword] = 10,
                };
            }

            yield return new($"{prefix}: pattern replaced", d => site(d)["pattern"] = "^[0-9]+$", [$"{prefix}-pattern-changed"], [$"{prefix}-pattern-changed"])
            {
                Base = d => site(d)["pattern"] = "^[a-z]+$",
            };
            yield return new($"{prefix}: default replaced", d => site(d)["default"] = "y", [$"{prefix}-default-value-changed"], [$"{prefix}-default-value-changed"])
            {
                Base = d => site(d)["default"] = "x",
            };
            yield return new($"{prefix}: enum value removed", d => site(d)["enum"] = new JsonArray("a"), [$"{prefix}-enum-value-removed"], [$"{prefix}-enum-value-added"])
            {
                Base = d => site(d)["enum"] = new JsonArray("a", "b"),
            };
            yield return new($"{prefix}: type widened", d => site(d)["type"] = new JsonArray("string", "integer"),
                [$"{prefix}-type-generalized"], [$"{prefix}-type-changed"]);
            yield return new($"{prefix}: became not nullable", d => site(d)["nullable"] = false, [$"{prefix}-became-not-nullable"], [$"{prefix}-became-nullable"])
            {
                Base = d => site(d)["nullable"] = true,
            };
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void A_change_reports_exactly_its_rules_and_the_reverse_change_its_counterparts(Case c)
    {
        var old = SyntheticSpec.Create();
        c.Base?.Invoke(old);
        var changed = old.DeepClone().AsObject();
        c.Change(changed);

        var forward = SyntheticSpec.Diff(old, changed);
        var backward = SyntheticSpec.Diff(changed, old);

        forward.Changes.Select(x => x.Id).Distinct().Should().BeEquivalentTo(c.Forward, $"changing the document ({c.Name}) reports only these rules");
        backward.Changes.Select(x => x.Id).Distinct().Should().BeEquivalentTo(c.Backward, $"the reverse of ({c.Name}) reports only these rules");
        foreach (var change in forward.Changes.Concat(backward.Changes))
        {
            change.Level.Should().Be(DriftRules.Get(change.Id).Level, "a change carries its rule's level");
            change.Operation.Should().MatchRegex("^(GET|PUT|POST|DELETE|QUERY) /books", "every change names its operation");
            change.Location.Should().StartWith("/paths/", "locations are JSON pointers into the document");
            change.Message.Should().NotBeNullOrWhiteSpace();
        }
    }

    [Test]
    public void Every_rule_in_the_catalog_is_exercised_by_a_case()
    {
        // The case test above asserts that each expected rule really fires, so expecting it is exercising it.
        var cases = Cases().ToList();
        var exercised = cases.SelectMany(c => c.Forward.Concat(c.Backward)).ToHashSet(StringComparer.Ordinal);

        // The pinned models' rules (model-*) have their own cases: Models/ModelDriftRuleTests.
        DriftRules.All.Select(r => r.Id).Where(id => !id.StartsWith("model-", StringComparison.Ordinal)).Except(exercised)
            .Should().BeEmpty("every rule needs a synthetic pair that shows when it fires");
        cases.SelectMany(c => c.Forward.Concat(c.Backward)).Except(DriftRules.All.Select(r => r.Id))
            .Should().BeEmpty("the cases expect only rules of the catalog");
    }
}
