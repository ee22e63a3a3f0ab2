using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Replicate.Testing;
using Replicate.Tools.Generation;
using Replicate.Tools.Normalization;

namespace Replicate.Generated.Tests;

/// <summary>
/// The build compiles the committed prose-free baseline and takes doc comments from a pull that is structurally the
/// baseline. Both must give the same C#: same types, members and code, differing only in comments. Prose is planted
/// here on every operation, parameter, schema and property of the baseline, so the test needs no pulled document.
/// </summary>
public partial class GenerationInputTests
{
    [GeneratedRegex(@"^\s*///.*$\n?", RegexOptions.Multiline)]
    private static partial Regex DocComment();

    [GeneratedRegex(@"(throw new ApiException(<\w+>)?\()""(?:[^""\\]|\\.)*""")]
    private static partial Regex ExceptionMessage();

    [GeneratedRegex(@"^\s*$\n", RegexOptions.Multiline)]
    private static partial Regex BlankLine();

    [Test]
    public async Task Baseline_with_prose_and_prose_free_baseline_generate_the_same_code()
    {
        var normalizer = new Normalizer(NormalizerOptions.Load(RepoRoot.Combine("openapi", "normalizer.json")));
        var overlay = GenerationOptions.Load(RepoRoot.Combine("openapi", "generation.json"));
        var baselineText = await File.ReadAllTextAsync(RepoRoot.Combine("openapi", "replicate.baseline.json"));
        var withProse = JsonUtil.ParseObject(baselineText, "baseline");
        PlantProse(withProse);

        var proseCode = await ClientGenerator.GenerateAsync(normalizer.Normalize(withProse), overlay);
        var baselineCode = await ClientGenerator.GenerateAsync(normalizer.Normalize(JsonUtil.ParseObject(baselineText, "baseline")), overlay);

        proseCode.Should().Contain("/// <summary>Planted prose of schema PredictionResponse.</summary>", "the prose becomes doc comments");
        baselineCode.Should().NotContain("Planted prose");
        Strip(baselineCode).Should().Be(Strip(proseCode));
    }

    private static void PlantProse(JsonObject document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                if (node is not JsonObject operation)
                {
                    continue;
                }

                operation["summary"] = $"Planted prose of {method} {path}.";
                operation["description"] = $"Planted prose of {method} {path}, at length.\n\nA second paragraph.";
                foreach (var parameter in operation["parameters"]?.AsArray().OfType<JsonObject>() ?? [])
                {
                    parameter["description"] = $"Planted prose of parameter {parameter["name"]}.";
                }

                foreach (var (_, response) in operation["responses"]?.AsObject() ?? [])
                {
                    response!["description"] = "Planted prose of a response.";
                }
            }
        }

        foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
        {
            schema!["description"] = $"Planted prose of schema {name}.";
            foreach (var (property, value) in schema["properties"]?.AsObject() ?? [])
            {
                if (value is JsonObject propertySchema && propertySchema["$ref"] is null)
                {
                    propertySchema["description"] = $"Planted prose of {name}.{property}.";
                }
            }
        }
    }

    private static string Strip(string code) =>
        BlankLine().Replace(ExceptionMessage().Replace(DocComment().Replace(code, string.Empty), "$1\"…\""), string.Empty);
}
