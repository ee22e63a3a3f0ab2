using System.Text.Json.Nodes;
using Replicate.Tools.Drift;
using Replicate.Tools.Normalization;
using YamlDotNet.Serialization;

namespace Replicate.Tools.Tests.Drift;

/// <summary>What the diff must treat as the same document, and the levels the issue fixes for this client.</summary>
public class DiffInputTests
{
    [Test]
    public void Identical_documents_have_no_change()
    {
        SyntheticSpec.Diff(SyntheticSpec.Create(), SyntheticSpec.Create()).Changes.Should().BeEmpty();
    }

    [Test]
    public void Prose_and_key_order_are_not_structure()
    {
        var reordered = Reverse(SyntheticSpec.Create());
        reordered.Schema("book")["description"] = "Something else entirely.";
        reordered.Property("book", "title")["description"] = "Rewritten.";
        reordered.Property("book", "title")["example"] = "Moby Dick";
        reordered.At("/paths/~1books/get")["summary"] = "Other words.";
        reordered.At("/info")["description"] = "New blurb.";

        SyntheticSpec.Diff(SyntheticSpec.Create(), reordered).Changes.Should().BeEmpty("descriptions, examples and key order are not wire structure");
    }

    [Test]
    public void Nullable_spellings_of_3_0_and_3_1_are_equal()
    {
        var v30 = SyntheticSpec.Create();
        v30["openapi"] = "3.0.3";
        v30.Property("book", "rating")["nullable"] = true;
        v30.Property("book_request", "pages")["nullable"] = true;
        var v31 = SyntheticSpec.Create();
        v31.Property("book", "rating")["type"] = new JsonArray("number", "null");
        v31.Schema("book_request")["properties"]!["pages"] = JsonNode.Parse("""{"oneOf":[{"type":"integer"},{"type":"null"}]}""");

        SyntheticSpec.Diff(v30, v31).Changes.Should().BeEmpty("nullable: true, type: [x, null] and oneOf [x, null] say the same");
        SyntheticSpec.Diff(v31, v30).Changes.Should().BeEmpty();
    }

    [Test]
    public void A_renamed_component_with_the_same_shape_is_not_a_wire_change()
    {
        var renamed = JsonNode.Parse(SyntheticSpec.Text.Replace("book_request", "new_book", StringComparison.Ordinal))!.AsObject();

        var changes = SyntheticSpec.Diff(SyntheticSpec.Create(), renamed).Changes;

        changes.Should().OnlyContain(c => c.Id == "component-renamed" && c.Level == DriftLevel.Warning && c.Operation == "POST /books",
            "only C# type names change: the component's and the enum hoisted from it");
        changes.Select(c => c.Message).Should().BeEquivalentTo(
            "the component 'book_request' is now 'new_book': the C# type BookRequest is now NewBook; code that names it must follow",
            "the C# type BookRequestKind is now NewBookKind; code that names it must follow");
    }

    [Test]
    public void The_QUERY_operation_is_compared_like_any_other()
    {
        var changes = SyntheticSpec.Diff(d => d.At("/paths/~1books~1search/query/requestBody/content/application~1json/schema/properties/text")["type"] = "integer").Changes;

        changes.Should().ContainSingle().Which.Should().Match<DriftChange>(c =>
            c.Id == "request-property-type-changed" && c.Operation == "QUERY /books/search"
            && c.Location == "/paths/~1books~1search/query/requestBody/content/application~1json/schema/properties/text");
    }

    [Test]
    public void YAML_and_JSON_spellings_of_a_document_are_equal()
    {
        var yaml = new SerializerBuilder().WithQuotingNecessaryStrings().Build().Serialize(Plain(SyntheticSpec.Create()));
        var fromYaml = SpecDocument.Parse(yaml, "shelf.yaml", new Normalizer());

        SpecDiffer.Compare(SyntheticSpec.Document(SyntheticSpec.Create()), fromYaml).Changes.Should().BeEmpty();
    }

    [Test]
    public void YAML_scalars_are_typed_like_JSON_values()
    {
        const string yaml = """
            openapi: 3.0.3
            info: { title: Typed, version: "1" }
            paths:
              /things:
                get:
                  parameters:
                    - { name: n, in: query, required: true, schema: { type: integer, maximum: 10, default: 3 } }
                    - { name: s, in: query, schema: { type: string, default: "3", nullable: true } }
                  responses:
                    200:
                      description: ok
            """;

        var document = SpecDocument.Parse(yaml, "typed.yaml", new Normalizer()).Input;

        document.At("/paths/~1things/get/parameters/0")["required"]!.GetValue<bool>().Should().BeTrue();
        document.At("/paths/~1things/get/parameters/0/schema")["maximum"]!.GetValue<long>().Should().Be(10);
        document.At("/paths/~1things/get/parameters/1/schema")["default"]!.GetValue<string>().Should().Be("3", "a quoted scalar stays a string");
        document.At("/paths/~1things/get/responses").ContainsKey("200").Should().BeTrue("a status code key is a string");
    }

    [Test]
    public void Levels_are_about_this_client()
    {
        SyntheticSpec.Diff(d => ((JsonArray)d.Property("book", "status")["enum"]!).Add("lost")).Changes
            .Should().OnlyContain(c => c.Level == DriftLevel.Warning, "response enums are strings here, so a new value cannot break reading");
        SyntheticSpec.Diff(d => d.Property("book", "id")["nullable"] = true).Changes
            .Should().OnlyContain(c => c.Level == DriftLevel.Breaking, "a non-nullable C# member cannot hold null");
        SyntheticSpec.Diff(d => ((JsonArray)d.At("/paths/~1books/get")["parameters"]!).Add(JsonNode.Parse("""{"name":"page","in":"query","schema":{"type":"integer"}}""")))
            .Changes.Should().ContainSingle().Which.Level.Should().Be(DriftLevel.Info, "an optional parameter is an addition");
        SyntheticSpec.Diff(d => d.At("/paths/~1books/post/responses")["200"] = JsonNode.Parse("""{"description":"ok"}""")).Changes
            .Should().ContainSingle().Which.Level.Should().Be(DriftLevel.Warning, "the generated client throws on a success status it does not know");
    }

    [Test]
    public void Version_bump_is_major_for_breaking_or_renamed_minor_for_additions_patch_otherwise()
    {
        SyntheticSpec.Diff(d => d.At("/paths").Remove("/books/search")).SuggestedBump.Should().Be(VersionBump.Major);
        SyntheticSpec.Diff(d => d.At("/paths/~1books~1{book_id}/get")["operationId"] = "books.fetch").SuggestedBump
            .Should().Be(VersionBump.Major, "a renamed C# method breaks code that calls it, though the wire is the same");
        SyntheticSpec.Diff(d => d.Schema("book")["properties"]!["isbn"] = JsonNode.Parse("""{"type":"string"}""")).SuggestedBump.Should().Be(VersionBump.Minor);
        SyntheticSpec.Diff(d => d.At("/paths/~1books/get/parameters/0/schema")["pattern"] = "^a").SuggestedBump.Should().Be(VersionBump.Patch);
        SyntheticSpec.Diff(SyntheticSpec.Create(), SyntheticSpec.Create()).SuggestedBump.Should().Be(VersionBump.Patch);
    }

    private static JsonObject Reverse(JsonObject obj)
    {
        var result = new JsonObject();
        foreach (var (key, value) in obj.Reverse().ToList())
        {
            result[key] = value is JsonObject child ? Reverse(child) : value?.DeepClone();
        }

        return result;
    }

    // YamlDotNet serializes plain dictionaries, lists and scalars.
    private static object? Plain(JsonNode? node) => node switch
    {
        JsonObject obj => obj.ToDictionary(p => p.Key, p => Plain(p.Value)),
        JsonArray array => array.Select(Plain).ToList(),
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonValue value when value.TryGetValue<bool>(out var b) => b,
        JsonValue value when value.TryGetValue<long>(out var l) => l,
        JsonValue value => value.GetValue<double>(),
        _ => null,
    };
}
