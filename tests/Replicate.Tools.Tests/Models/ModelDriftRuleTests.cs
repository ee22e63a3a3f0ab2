using System.Text.Json.Nodes;
using Replicate.Tools.Drift;
using Replicate.Tools.Models;

namespace Replicate.Tools.Tests.Models;

/// <summary>Each model-schema drift rule on a small edit of a Cog schema: what breaks callers, and what does not.</summary>
public sealed class ModelDriftRuleTests
{
    private static IReadOnlyList<string> Rules(Action<JsonObject> edit, bool sameVersion = true)
    {
        var old = StructuralModelSchema.From(CogSchemaEdits.Flux());
        var now = StructuralModelSchema.From(CogSchemaEdits.Edit(edit));
        var result = ModelSchemaDiffer.Diff("acme/flux", "v1", old, sameVersion ? "v1" : "v2", now);
        return [.. result.Changes.Select(c => c.Id)];
    }

    private static DiffResult Result(Action<JsonObject> edit) =>
        ModelSchemaDiffer.Diff("acme/flux", "v1", StructuralModelSchema.From(CogSchemaEdits.Flux()), "v2", StructuralModelSchema.From(CogSchemaEdits.Edit(edit)));

    [Test]
    public void The_same_schema_at_a_new_version_reports_only_the_version()
    {
        Rules(_ => { }, sameVersion: false).Should().Equal("model-version-changed");
        Rules(d => d.Input("seed")["description"] = "prose only").Should().BeEmpty("descriptions are not structure");
    }

    [Test]
    public void A_removed_input_breaks() =>
        Rules(d => d.Properties().Remove("go_fast")).Should().Equal("model-input-removed");

    [Test]
    public void A_new_required_input_breaks_and_a_new_optional_one_does_not()
    {
        Rules(d => { d.Properties()["style"] = new JsonObject { ["type"] = "string" }; d.Required().Add("style"); }).Should().Equal("model-required-input-added");
        Rules(d => d.Properties()["style"] = new JsonObject { ["type"] = "string", ["default"] = "none" }).Should().Equal("model-optional-input-added");
        Rules(d => { d.Properties()["strength"] = new JsonObject { ["type"] = "number", ["default"] = 0.5 }; d.Required().Add("strength"); })
            .Should().Equal(["model-optional-input-added"], "an input with a default is never required");
    }

    [Test]
    public void An_input_that_became_required_breaks_and_one_that_became_optional_does_not()
    {
        Rules(d => d.Required().Add("seed")).Should().Equal("model-input-became-required");
        Rules(d => d.Required().Clear()).Should().Equal("model-input-became-optional");
    }

    [Test]
    public void A_changed_type_breaks()
    {
        Rules(d => d.Input("seed")["type"] = "string").Should().Equal("model-input-type-changed");
        Rules(d => d.Input("num_outputs")["type"] = "number").Should().Equal("model-input-type-changed");
    }

    [TestCase("num_outputs", "maximum", 3, "model-input-range-narrowed", TestName = "A lowered maximum breaks")]
    [TestCase("num_outputs", "minimum", 2, "model-input-range-narrowed", TestName = "A raised minimum breaks")]
    [TestCase("num_outputs", "maximum", 8, "model-input-range-widened", TestName = "A raised maximum does not break")]
    [TestCase("output_quality", "minimum", -10, "model-input-range-widened", TestName = "A lowered minimum does not break")]
    [TestCase("seed", "maximum", 1000, "model-input-range-narrowed", TestName = "A new bound breaks")]
    [TestCase("num_outputs", "multipleOf", 2, "model-input-range-narrowed", TestName = "A new multipleOf breaks")]
    public void Ranges(string input, string keyword, double value, string rule) =>
        Rules(d => d.Input(input)[keyword] = value).Should().Equal(rule);

    [Test]
    public void A_removed_bound_and_an_exclusive_flag_are_classified()
    {
        Rules(d => d.Input("num_outputs").Remove("maximum")).Should().Equal("model-input-range-widened");
        Rules(d => d.Input("num_outputs")["exclusiveMaximum"] = true).Should().Equal(["model-input-range-narrowed"], "3.0's boolean flag makes 4 itself invalid");
    }

    [Test]
    public void Lengths_patterns_and_formats()
    {
        Rules(d => d.Input("prompt")["maxLength"] = 500).Should().Equal("model-input-length-narrowed");
        Rules(d => d.Input("prompt")["minLength"] = 3).Should().Equal("model-input-length-narrowed");
        Rules(d => d.Input("prompt")["pattern"] = "^[a-z ]+$").Should().Equal("model-input-pattern-added");
        Rules(d => d.Input("prompt")["format"] = "uri").Should().Equal("model-input-format-added");
    }

    [Test]
    public void A_removed_enum_value_breaks_an_added_one_does_not_and_the_ref_is_followed()
    {
        Rules(d => ((JsonArray)d.Schema("aspect_ratio")["enum"]!).RemoveAt(1)).Should().Equal("model-input-enum-value-removed");
        Rules(d => ((JsonArray)d.Schema("output_format")["enum"]!).Add("avif")).Should().Equal("model-input-enum-value-added");
        Rules(d => d.Input("prompt")["enum"] = new JsonArray("a", "b")).Should().Equal("model-input-became-enum");
        Rules(d =>
        {
            var megapixels = d.Input("megapixels");
            megapixels.Remove("allOf");
            megapixels["type"] = "string";
        }).Should().Equal("model-input-enum-removed");
    }

    [Test]
    public void An_enum_moved_inline_from_a_ref_is_no_change()
    {
        Rules(d =>
        {
            var format = d.Input("output_format");
            format.Remove("allOf");
            format["type"] = "string";
            format["enum"] = new JsonArray("webp", "jpg", "png");
        }).Should().BeEmpty();
    }

    [Test]
    public void Nullability_and_defaults()
    {
        Rules(d => d.Input("seed")["nullable"] = true).Should().Equal("model-input-became-nullable");
        Rules(d => d.Input("num_outputs")["default"] = 2).Should().Equal("model-input-default-changed");
    }

    [Test]
    public void A_changed_output_shape_breaks()
    {
        Rules(d => d.Schema("Output")["items"] = new JsonObject { ["type"] = "string" }).Should().Equal("model-output-type-changed");
        Rules(d => d.Schema("Output")["title"] = "Images").Should().BeEmpty();
    }

    [Test]
    public void Breaking_changes_fail_and_the_report_names_the_model_and_the_input()
    {
        var result = Result(d => { d.Properties().Remove("seed"); d.Input("num_outputs")["maximum"] = 2; });

        result.Breaking.Should().Be(2);
        result.SuggestedBump.Should().Be(VersionBump.Major);
        result.Changes.Should().Contain(c => c.Operation == "acme/flux" && c.Location == "/seed" && c.Id == "model-input-removed");
        result.Changes.Should().Contain(c => c.Location == "/num_outputs" && c.Message.Contains("maximum 4 -> 2", StringComparison.Ordinal));
    }

    [Test]
    public void Additive_changes_pass_with_a_minor_bump()
    {
        var result = Result(d => { d.Properties()["style"] = new JsonObject { ["type"] = "string", ["default"] = "" }; d.Input("num_outputs")["maximum"] = 8; });

        result.Breaking.Should().Be(0);
        result.SuggestedBump.Should().Be(VersionBump.Minor);
    }

    // One case per rule: the pinned schema and the latest one as edits of the same Cog schema, and the rules that fire
    // (besides model-version-changed, which every case reports); together they fire every model-* rule of the catalog.
    private static IEnumerable<TestCaseData> Cases()
    {
        static void Plain(JsonObject d) { }
        TestCaseData Case(string name, Action<JsonObject> pinned, Action<JsonObject> latest, params string[] rules) =>
            new(pinned, latest, rules) { TestName = "Rule case: " + name };
        yield return Case("new version, same schema", Plain, Plain);
        yield return Case("input removed", Plain, d => d.Properties().Remove("seed"), "model-input-removed");
        yield return Case("required input added", Plain, d => { d.Properties()["style"] = new JsonObject { ["type"] = "string" }; d.Required().Add("style"); }, "model-required-input-added");
        yield return Case("optional input added", Plain, d => d.Properties()["style"] = new JsonObject { ["type"] = "string" }, "model-optional-input-added");
        yield return Case("became required", Plain, d => d.Required().Add("seed"), "model-input-became-required");
        yield return Case("became optional", Plain, d => d.Required().Clear(), "model-input-became-optional");
        yield return Case("type changed", Plain, d => d.Input("go_fast")["type"] = "string", "model-input-type-changed");
        yield return Case("range narrowed", Plain, d => d.Input("output_quality")["maximum"] = 90, "model-input-range-narrowed");
        yield return Case("range widened", Plain, d => d.Input("output_quality").Remove("minimum"), "model-input-range-widened");
        yield return Case("length narrowed", Plain, d => d.Input("prompt")["maxLength"] = 10, "model-input-length-narrowed");
        yield return Case("length widened", d => d.Input("prompt")["maxLength"] = 10, d => d.Input("prompt")["maxLength"] = 20, "model-input-length-widened");
        yield return Case("became enum", Plain, d => d.Input("prompt")["enum"] = new JsonArray("a"), "model-input-became-enum");
        yield return Case("enum removed", Plain, d => { var m = d.Input("megapixels"); m.Remove("allOf"); m["type"] = "string"; }, "model-input-enum-removed");
        yield return Case("enum value removed", Plain, d => ((JsonArray)d.Schema("megapixels")["enum"]!).RemoveAt(1), "model-input-enum-value-removed");
        yield return Case("enum value added", Plain, d => ((JsonArray)d.Schema("megapixels")["enum"]!).Add("2"), "model-input-enum-value-added");
        yield return Case("pattern added", Plain, d => d.Input("prompt")["pattern"] = "a", "model-input-pattern-added");
        yield return Case("pattern changed", d => d.Input("prompt")["pattern"] = "a", d => d.Input("prompt")["pattern"] = "b", "model-input-pattern-changed");
        yield return Case("pattern removed", d => d.Input("prompt")["pattern"] = "a", Plain, "model-input-pattern-removed");
        yield return Case("format added", Plain, d => d.Input("prompt")["format"] = "uri", "model-input-format-added");
        yield return Case("format removed", d => d.Input("prompt")["format"] = "uri", Plain, "model-input-format-removed");
        yield return Case("became nullable", Plain, d => d.Input("seed")["nullable"] = true, "model-input-became-nullable");
        yield return Case("became not nullable", d => d.Input("seed")["nullable"] = true, Plain, "model-input-became-not-nullable");
        yield return Case("default changed", Plain, d => d.Input("go_fast")["default"] = false, "model-input-default-changed");
        yield return Case("output changed", Plain, d => d.Schema("Output")["type"] = "string", "model-output-type-changed");
    }

    [TestCaseSource(nameof(Cases))]
    public void Each_rule_fires_where_it_should(Action<JsonObject> pinned, Action<JsonObject> latest, string[] rules)
    {
        var result = ModelSchemaDiffer.Diff("acme/flux", "v1", StructuralModelSchema.From(CogSchemaEdits.Edit(pinned)), "v2", StructuralModelSchema.From(CogSchemaEdits.Edit(latest)));

        result.Changes.Select(c => c.Id).Should().BeEquivalentTo(["model-version-changed", .. rules]);
        result.Changes.Should().OnlyContain(c => c.Level == DriftRules.Get(c.Id).Level && c.Operation == "acme/flux");
    }

    [Test]
    public void Every_model_rule_of_the_catalog_is_exercised_by_a_case()
    {
        var exercised = Cases().SelectMany(c => (string[])c.Arguments[2]!).Append("model-version-changed").ToHashSet(StringComparer.Ordinal);

        DriftRules.All.Select(r => r.Id).Where(id => id.StartsWith("model-", StringComparison.Ordinal)).Except(exercised)
            .Should().BeEmpty("every model rule needs a case that shows when it fires");
    }
}
