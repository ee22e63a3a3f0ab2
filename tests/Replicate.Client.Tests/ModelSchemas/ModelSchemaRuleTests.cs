using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using Replicate.Client.ModelSchemas;
using Replicate.Testing;

namespace Replicate.Client.Tests.ModelSchemas;

/// <summary>Each validation rule on a small schema, then the realistic Cog schemas.</summary>
public sealed class ModelSchemaRuleTests
{
    private static ModelSchema Schema(string properties, string required = "[]", string extraSchemas = "", string openApi = "3.0.2") =>
        ModelSchema.Parse($$"""
            { "openapi": "{{openApi}}", "components": { "schemas": {
                "Input": { "type": "object", "required": {{required}}, "properties": {{properties}} }
                {{(extraSchemas.Length > 0 ? "," + extraSchemas : "")}} } } }
            """);

    private static IReadOnlyList<ModelInputError> Check(ModelSchema schema, string input)
    {
        using var document = JsonDocument.Parse(input);
        return schema.Validate(document.RootElement);
    }

    private static void ShouldFail(IReadOnlyList<ModelInputError> errors, string field, string rule) =>
        errors.Should().ContainSingle().Which.Should().Match<ModelInputError>(e => e.Field == field && e.Rule == rule, $"the input breaks {rule} at {field}, and only that");

    [Test]
    public void A_required_input_that_is_missing_is_an_error_but_one_with_a_default_never_is()
    {
        var schema = Schema("""{ "prompt": { "type": "string" }, "steps": { "type": "integer", "default": 4 } }""", """["prompt", "steps"]""");
        ShouldFail(Check(schema, "{}"), "/prompt", "required");
        Check(schema, """{ "prompt": "x" }""").Should().BeEmpty("steps has a default, so it is not required");
        schema.RequiredInputs.Should().Equal("prompt");
    }

    [Test]
    public void Types_are_not_coerced_and_an_integer_is_a_number_without_a_fraction()
    {
        var schema = Schema("""{ "n": { "type": "integer" }, "x": { "type": "number" }, "s": { "type": "string" }, "b": { "type": "boolean" } }""");
        ShouldFail(Check(schema, """{ "n": "5" }"""), "/n", "type");
        ShouldFail(Check(schema, """{ "n": 2.5 }"""), "/n", "type");
        ShouldFail(Check(schema, """{ "s": 5 }"""), "/s", "type");
        ShouldFail(Check(schema, """{ "b": "true" }"""), "/b", "type");
        ShouldFail(Check(schema, """{ "x": null }"""), "/x", "type");
        Check(schema, """{ "n": 2, "x": 2, "s": "5", "b": false }""").Should().BeEmpty("an integer is a valid number");
        Check(schema, """{ "n": 2.0 }""").Should().BeEmpty("2.0 has no fractional part, so JSON Schema counts it an integer");
    }

    [Test]
    public void Minimum_and_maximum_are_inclusive_and_the_message_shows_value_and_bound()
    {
        var schema = Schema("""{ "num_outputs": { "type": "integer", "minimum": 1, "maximum": 4 } }""");
        Check(schema, """{ "num_outputs": 4 }""").Should().BeEmpty();
        Check(schema, """{ "num_outputs": 1 }""").Should().BeEmpty();
        ShouldFail(Check(schema, """{ "num_outputs": 0 }"""), "/num_outputs", "minimum");
        Check(schema, """{ "num_outputs": 5 }""").Single().ToString().Should().Be("/num_outputs: maximum: 5 > 4");
    }

    [Test]
    public void OpenApi_3_0_boolean_exclusive_bounds_make_minimum_and_maximum_exclusive()
    {
        var schema = Schema("""{ "t": { "type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1, "exclusiveMaximum": true } }""");
        Check(schema, """{ "t": 0.5 }""").Should().BeEmpty();
        ShouldFail(Check(schema, """{ "t": 0 }"""), "/t", "exclusiveMinimum");
        ShouldFail(Check(schema, """{ "t": 1 }"""), "/t", "exclusiveMaximum");
        var inclusive = Schema("""{ "t": { "type": "number", "minimum": 0, "exclusiveMinimum": false } }""");
        Check(inclusive, """{ "t": 0 }""").Should().BeEmpty("exclusiveMinimum: false leaves minimum inclusive");
    }

    [Test]
    public void A_3_1_document_reads_exclusive_bounds_as_numbers_and_type_lists_with_null()
    {
        var schema = Schema("""{ "t": { "type": ["number", "null"], "exclusiveMinimum": 0, "exclusiveMaximum": 1 }, "c": { "const": "only" }, "n": { "type": "string", "nullable": true } }""", openApi: "3.1.0");
        Check(schema, """{ "t": null, "c": "only" }""").Should().BeEmpty();
        ShouldFail(Check(schema, """{ "t": 0 }"""), "/t", "exclusiveMinimum");
        ShouldFail(Check(schema, """{ "t": 1 }"""), "/t", "exclusiveMaximum");
        ShouldFail(Check(schema, """{ "c": "other" }"""), "/c", "enum");
        ShouldFail(Check(schema, """{ "n": null }"""), "/n", "type");   // nullable is not a 2020-12 keyword
    }

    [Test]
    public void Ref_siblings_are_ignored_in_3_0_and_applied_in_3_1()
    {
        const string Properties = """{ "n": { "$ref": "#/components/schemas/small", "maximum": 2 } }""";
        const string Small = """ "small": { "type": "integer", "maximum": 10 } """;
        Check(Schema(Properties, extraSchemas: Small), """{ "n": 5 }""").Should().BeEmpty("OpenAPI 3.0 ignores a $ref's siblings");
        ShouldFail(Check(Schema(Properties, extraSchemas: Small, openApi: "3.1.0"), """{ "n": 5 }"""), "/n", "maximum");
        ShouldFail(Check(Schema(Properties, extraSchemas: Small), """{ "n": 11 }"""), "/n", "maximum");
    }

    [Test]
    public void AnyOf_passes_when_one_branch_does_and_reports_the_closest_branch_otherwise()
    {
        var schema = Schema("""{ "seed": { "anyOf": [{ "type": "integer", "minimum": 0 }, { "type": "null" }] } }""", openApi: "3.1.0");
        Check(schema, """{ "seed": null }""").Should().BeEmpty();
        Check(schema, """{ "seed": 3 }""").Should().BeEmpty();
        ShouldFail(Check(schema, """{ "seed": -1 }"""), "/seed", "minimum");
    }

    [Test]
    public void Enums_are_checked_through_allOf_and_ref()
    {
        var schema = Schema(
            """{ "scheduler": { "allOf": [{ "$ref": "#/components/schemas/scheduler" }], "default": "DDIM" } }""",
            extraSchemas: """ "scheduler": { "type": "string", "enum": ["DDIM", "K_EULER"] } """);
        Check(schema, """{ "scheduler": "K_EULER" }""").Should().BeEmpty();
        var error = Check(schema, """{ "scheduler": "k_euler" }""").Single();
        error.Should().Be(new ModelInputError("/scheduler", "enum", "\"k_euler\" is not one of \"DDIM\", \"K_EULER\""));
    }

    [Test]
    public void String_lengths_count_code_points_not_utf16_units()
    {
        var schema = Schema("""{ "s": { "type": "string", "minLength": 2, "maxLength": 3 } }""");
        Check(schema, """{ "s": "😀😀😀" }""").Should().BeEmpty("three emoji are three characters though six UTF-16 units");
        ShouldFail(Check(schema, """{ "s": "😀" }"""), "/s", "minLength");
        ShouldFail(Check(schema, """{ "s": "abcd" }"""), "/s", "maxLength");
    }

    [Test]
    public void Pattern_is_an_unanchored_ecmascript_search()
    {
        var schema = Schema("""{ "s": { "type": "string", "pattern": "[0-9]{3}" }, "w": { "type": "string", "pattern": "^\\w+$" } }""");
        Check(schema, """{ "s": "abc123def" }""").Should().BeEmpty("the pattern may match anywhere");
        ShouldFail(Check(schema, """{ "s": "ab12" }"""), "/s", "pattern");
        ShouldFail(Check(schema, """{ "w": "café" }"""), "/w", "pattern");   // ECMA-262 \w is ASCII
    }

    [Test]
    public void MultipleOf_uses_decimal_arithmetic()
    {
        var schema = Schema("""{ "w": { "type": "integer", "multipleOf": 8 }, "x": { "type": "number", "multipleOf": 0.1 } }""");
        Check(schema, """{ "w": 1024, "x": 0.3 }""").Should().BeEmpty("0.3 is a multiple of 0.1 in decimal");
        ShouldFail(Check(schema, """{ "w": 1020 }"""), "/w", "multipleOf");
        ShouldFail(Check(schema, """{ "x": 0.35 }"""), "/x", "multipleOf");
    }

    [Test]
    public void Array_items_are_each_checked_and_reported_at_their_index()
    {
        var schema = Schema("""{ "tags": { "type": "array", "items": { "type": "string", "maxLength": 3 } } }""");
        Check(schema, """{ "tags": ["a", "abc"] }""").Should().BeEmpty();
        var errors = Check(schema, """{ "tags": ["a", 7, "abcd"] }""");
        errors.Select(e => (e.Field, e.Rule)).Should().Equal(("/tags/1", "items"), ("/tags/2", "items"));
        errors[0].Detail.Should().StartWith("type: ");
        errors[1].Detail.Should().StartWith("maxLength: ");
    }

    [TestCase("https://example.com/a.png", true)]
    [TestCase("data:image/png;base64,iVBORw0KGgo=", true)]
    [TestCase("s3://bucket/key", true)]
    [TestCase("/tmp/a.png", false)]
    [TestCase("a.png", false)]
    [TestCase("C:\\images\\a.png", false)]
    [TestCase("https://example.com/a b.png", false)]
    [TestCase("https:///a.png", false)]
    [TestCase("https://example.com/%zz", false)]
    public void Format_uri_means_an_absolute_rfc3986_uri(string value, bool valid)
    {
        Uri.TryCreate("/tmp/a.png", UriKind.Absolute, out _).Should().BeTrue("this is the trap: .NET takes a local path for a file URI");
        var schema = Schema("""{ "image": { "type": "string", "format": "uri" } }""");
        var errors = Check(schema, JsonSerializer.Serialize(new { image = value }));
        if (valid)
        {
            errors.Should().BeEmpty();
        }
        else
        {
            ShouldFail(errors, "/image", "format");
        }
    }

    [Test]
    public void Nullable_admits_null_in_3_0_even_through_allOf()
    {
        var schema = Schema(
            """{ "seed": { "type": "integer", "nullable": true }, "mode": { "allOf": [{ "$ref": "#/components/schemas/mode" }], "nullable": true } }""",
            extraSchemas: """ "mode": { "type": "string", "enum": ["a", "b"] } """);
        Check(schema, """{ "seed": null, "mode": null }""").Should().BeEmpty();
        ShouldFail(Check(schema, """{ "mode": "c" }"""), "/mode", "enum");
    }

    [Test]
    public void Defaults_are_never_validated()
    {
        var schema = Schema("""{ "n": { "type": "integer", "default": 99, "maximum": 4 } }""");
        Check(schema, "{}").Should().BeEmpty("the schema's own default is the model's business");
    }

    [Test]
    public void An_unknown_input_name_is_an_error_with_a_suggestion()
    {
        var schema = Schema("""{ "guidance_scale": { "type": "number" }, "prompt": { "type": "string" } }""");
        var error = Check(schema, """{ "guidence_scale": 7 }""").Single();
        error.Field.Should().Be("/guidence_scale");
        error.Rule.Should().Be("unknown-input");
        error.Detail.Should().Contain("did you mean 'guidance_scale'?");
        Check(schema, """{ "zzzzzzzzzz": 1 }""").Single().Detail.Should().Contain("guidance_scale, prompt", "with nothing close, it lists the inputs");
    }

    [Test]
    public void Keywords_openapi_does_not_define_are_ignored()
    {
        var schema = Schema("""{ "n": { "type": "integer", "x-cog-array-type": "iterator", "minimumish": 9, "format": "int32" } }""");
        Check(schema, """{ "n": 1 }""").Should().BeEmpty();
    }

    [Test]
    public void Every_error_is_reported_in_the_models_input_order_with_unknown_names_last()
    {
        var schema = ModelSchema.Parse(CogSchemas.SdxlLike);
        var errors = Check(schema, """{ "wdith": 5, "num_outputs": 5, "width": 100, "scheduler": "nope", "image": "/tmp/x.png", "seed": 1.5 }""");
        errors.Select(e => $"{e.Field} {e.Rule}").Should().Equal(
            "/image format", "/width minimum", "/width multipleOf", "/num_outputs maximum", "/scheduler enum", "/seed type", "/wdith unknown-input");
        errors[^1].Detail.Should().Contain("did you mean 'width'?");
    }

    [Test]
    public void Realistic_cog_schemas_accept_their_typical_inputs()
    {
        var sdxl = ModelSchema.Parse(CogSchemas.SdxlLike);
        sdxl.InputNames.Should().HaveCount(20).And.StartWith(["prompt", "negative_prompt", "image"]);
        Check(sdxl, CogSchemas.SdxlInput).Should().BeEmpty();

        var flux = ModelSchema.Parse(CogSchemas.FluxSchnellLike);
        flux.RequiredInputs.Should().Equal("prompt");
        Check(flux, """{ "prompt": "a fox", "aspect_ratio": "16:9", "num_inference_steps": 4, "output_format": "png", "megapixels": "0.25", "go_fast": true }""").Should().BeEmpty();
        Check(flux, """{ "aspect_ratio": "16:10", "num_inference_steps": 8, "megapixels": 1, "output_quality": 101 }""")
            .Select(e => $"{e.Field} {e.Rule}").Should().Equal("/prompt required", "/aspect_ratio enum", "/num_inference_steps maximum", "/output_quality maximum", "/megapixels type");   // no coercion: 1 is not "1"
    }

    [TestCase("not json")]
    [TestCase("[]")]
    [TestCase("""{ "openapi": "3.0.2", "components": { "schemas": { "Output": {} } } }""")]
    [TestCase("""{ "components": { "schemas": { "Input": { "properties": { "a": { "$ref": "#/components/schemas/missing" } } } } } }""")]
    public void A_document_without_a_readable_input_schema_is_a_format_error(string document)
    {
        var parse = () => ModelSchema.Parse(document);
        parse.Should().Throw<FormatException>();
    }
}
