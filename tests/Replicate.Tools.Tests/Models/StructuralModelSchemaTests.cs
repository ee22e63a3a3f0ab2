using System.Text.Json.Nodes;
using Replicate.Testing;
using Replicate.Tools.Models;

namespace Replicate.Tools.Tests.Models;

/// <summary>What a pinned model's committed schema keeps (structure) and drops (the author's prose).</summary>
public sealed class StructuralModelSchemaTests
{
    [Test]
    public void Descriptions_titles_examples_and_free_text_defaults_are_dropped_structure_stays()
    {
        var document = (JsonObject)JsonNode.Parse(CogSchemas.SdxlLike)!;
        document.Input("prompt")["description"] = "Input prompt, written by the model's author";
        document.Input("width")["examples"] = new JsonArray(512);
        document["info"]!["description"] = "About this model";
        document.Schema("Input")["properties"]!["title"] = new JsonObject { ["type"] = "string", ["title"] = "Title" };

        var structural = StructuralModelSchema.From(document);
        var text = StructuralModelSchema.Text(structural);

        text.Should().NotContain("author").And.NotContain("About this model").And.NotContain("a lighthouse").And.NotContain("\"Num Outputs\"");
        text.Should().NotContain("examples");
        structural.Input("title")["type"]!.GetValue<string>().Should().Be("string", "an input may be called 'title': names are structure");
        structural.Input("prompt")[StructuralModelSchema.DefaultOmitted]!.GetValue<bool>().Should().BeTrue("the default prompt is prose; that it exists is not");
        structural.Input("negative_prompt")["default"]!.GetValue<string>().Should().Be("", "an empty default carries no prose");
        structural.Input("scheduler")["default"]!.GetValue<string>().Should().Be("K_EULER", "an enum value is structure");
        structural.Input("width")["default"]!.GetValue<int>().Should().Be(1024);
        structural.Input("width")["x-order"]!.GetValue<int>().Should().Be(4);
        structural.Schema("scheduler")["enum"]!.AsArray().Should().HaveCount(7);
        structural.ContainsKey("info").Should().BeFalse();
        structural.ContainsKey("paths").Should().BeFalse();
    }

    [Test]
    public void Only_the_input_the_output_and_what_they_refer_to_are_kept()
    {
        var document = (JsonObject)JsonNode.Parse(CogSchemas.FluxSchnellLike)!;
        ((JsonObject)document["components"]!["schemas"]!)["PredictionRequest"] = new JsonObject { ["type"] = "object" };

        var schemas = (JsonObject)StructuralModelSchema.From(document)["components"]!["schemas"]!;

        schemas.Select(s => s.Key).Should().BeEquivalentTo(["Input", "Output", "aspect_ratio", "output_format", "megapixels"]);
    }

    [Test]
    public void The_same_structure_gives_the_same_text_and_hash_whatever_the_key_order_and_prose()
    {
        var a = (JsonObject)JsonNode.Parse(CogSchemas.FluxSchnellLike)!;
        var b = (JsonObject)JsonNode.Parse(CogSchemas.FluxSchnellLike)!;
        b.Input("seed")["description"] = "Random seed. Set for reproducible generation";
        var reordered = new JsonObject(b.Properties().Reverse().Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value?.DeepClone())));
        b.Schema("Input")["properties"] = reordered;

        var textA = StructuralModelSchema.Text(StructuralModelSchema.From(a));
        var textB = StructuralModelSchema.Text(StructuralModelSchema.From(b));

        textB.Should().Be(textA);
        StructuralModelSchema.Sha256(textB).Should().Be(StructuralModelSchema.Sha256(textA)).And.MatchRegex("^[0-9a-f]{64}$");
    }

    [Test]
    public void A_schema_without_an_input_or_with_a_broken_ref_is_refused()
    {
        var noInput = new JsonObject { ["openapi"] = "3.0.2", ["components"] = new JsonObject { ["schemas"] = new JsonObject() } };
        FluentActions.Invoking(() => StructuralModelSchema.From(noInput)).Should().Throw<InvalidDataException>().WithMessage("*components.schemas.Input*");

        var broken = (JsonObject)JsonNode.Parse(CogSchemas.FluxSchnellLike)!;
        broken.Schema("Input")["properties"]!["megapixels"]!["allOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/nowhere" });
        FluentActions.Invoking(() => StructuralModelSchema.From(broken)).Should().Throw<InvalidDataException>().WithMessage("*#/components/schemas/nowhere*");
    }
}
