using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Replicate.Client.Predictions;

namespace Replicate.Models.Tests;

/// <summary>The generated classes: what compiles and what does not, their JSON, their defaults and enums.</summary>
public class GeneratedTypesTests
{
    [Test]
    public void A_correct_typed_call_compiles()
    {
        Compile("""
            var input = new FluxSchnellInput { Prompt = "a fox", AspectRatio = FluxSchnellAspectRatio.Ratio16By9, NumOutputs = 2, Seed = 42, GoFast = false };
            Task<IReadOnlyList<Uri>> run = replicate.RunAsync(PinnedModels.FluxSchnell, input);
            var sdxl = new SdxlInput { Image = new Uri("https://example.com/a.png"), Scheduler = SdxlScheduler.KEuler, Refine = SdxlRefine.ExpertEnsembleRefiner };
            """).Should().BeEmpty();
    }

    [TestCase("new FluxSchnellInput { Prompt = \"x\", Guidance_Scale = 3 };", "CS0117", TestName = "A misspelt input does not compile")]
    [TestCase("new FluxSchnellInput { NumOutputs = 2 };", "CS9035", TestName = "Leaving out a required input does not compile")]
    [TestCase("new FluxSchnellInput { Prompt = \"x\", NumOutputs = \"2\" };", "CS0029", TestName = "A value of the wrong type does not compile")]
    [TestCase("new SdxlInput { Image = \"/tmp/a.png\" };", "CS0029", TestName = "A file input takes a Uri, not a path string")]
    [TestCase("Task<string> run = replicate.RunAsync(PinnedModels.FluxSchnell, new FluxSchnellInput { Prompt = \"x\" });", "CS0029", TestName = "The output is typed")]
    [TestCase("replicate.RunAsync(PinnedModels.FluxSchnell, new SdxlInput());", "CS1503", TestName = "One model's input does not run another")]
    public void A_wrong_input_does_not_compile(string statement, string expectedError)
    {
        Compile(statement).Should().Contain(d => d.Id == expectedError, $"`{statement}` must not compile");
    }

    [Test]
    public void Inputs_round_trip_through_JSON_with_wire_names_in_the_models_order()
    {
        var input = new SdxlInput
        {
            Prompt = "a fox",
            Width = 768,
            Scheduler = SdxlScheduler.DPMSolverMultistep,
            GuidanceScale = 7.5,
            Image = new Uri("data:image/png;base64,AAAA"),
            ApplyWatermark = false,
        };

        var json = PinnedModels.Sdxl.ToJson(input);

        json.GetRawText().Should().Be("""{"prompt":"a fox","image":"data:image/png;base64,AAAA","width":768,"scheduler":"DPMSolverMultistep","guidance_scale":7.5,"apply_watermark":false}""");
        var back = JsonSerializer.Deserialize<SdxlInput>(json.GetRawText(), new JsonSerializerOptions { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() })!;
        back.Should().BeEquivalentTo(input);
    }

    [Test]
    public void A_choice_the_model_adds_later_reads_and_round_trips()
    {
        var value = JsonSerializer.Deserialize<FluxSchnellAspectRatio>("\"7:3\"");
        value.Value.Should().Be("7:3");
        JsonSerializer.Serialize(value).Should().Be("\"7:3\"");
        ((FluxSchnellAspectRatio)"16:9").Should().Be(FluxSchnellAspectRatio.Ratio16By9);
    }

    [Test]
    public void Choices_ranges_and_defaults_come_from_the_locked_schema()
    {
        EnumMembers<FluxSchnellAspectRatio>().Should().Equal("1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21");
        EnumMembers<FluxSchnellMegapixels>().Should().Equal("1", "0.25");
        typeof(FluxSchnellMegapixels).GetProperty("Megapixels0Point25").Should().NotBeNull("a choice that starts with a digit takes the input's last word");
        EnumMembers<SdxlScheduler>().Should().Contain(["K_EULER", "DPMSolverMultistep"]);
        typeof(SdxlScheduler).GetProperty("KEulerAncestral").Should().NotBeNull("an all-capital word is PascalCased");

        Default<FluxSchnellInput>(nameof(FluxSchnellInput.NumOutputs)).Should().Be(1);
        Default<FluxSchnellInput>(nameof(FluxSchnellInput.GoFast)).Should().Be(true);
        Default<FluxSchnellInput>(nameof(FluxSchnellInput.AspectRatio)).Should().Be("1:1");
        Default<SdxlInput>(nameof(SdxlInput.GuidanceScale)).Should().Be(7.5);
        Default<SdxlInput>(nameof(SdxlInput.Prompt)).Should().BeNull("a free-text default is the author's words, not recorded");

        typeof(SdxlInput).GetProperty(nameof(SdxlInput.Image))!.PropertyType.Should().Be<Uri>();
        typeof(FluxSchnellInput).GetProperty(nameof(FluxSchnellInput.NumOutputs))!.PropertyType.Should().Be<int?>();
        typeof(FluxSchnellInput).GetProperty(nameof(FluxSchnellInput.Seed))!.PropertyType.Should().Be<long?>("an integer without an upper bound");
        PinnedModels.FluxSchnell.Schema.RequiredInputs.Should().Equal("prompt");
        PinnedModels.FluxSchnell.Schema.InputNames.Should().HaveCount(typeof(FluxSchnellInput).GetProperties().Length, "one property per input");
    }

    [Test]
    public void Every_pinned_model_is_pinned_to_its_version()
    {
        var pins = typeof(PinnedModels).GetProperties(BindingFlags.Public | BindingFlags.Static).Select(p => p.GetValue(null)).ToList();
        pins.Should().NotBeEmpty();
        foreach (var pin in pins)
        {
            var model = (ModelReference)pin!.GetType().GetProperty("Model")!.GetValue(pin)!;
            model.Version.Should().MatchRegex("^[0-9a-f]{64}$", $"{model} names its version");
        }
    }

    private static IEnumerable<string> EnumMembers<T>() =>
        typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Static).Where(p => p.PropertyType == typeof(T)).Select(p => p.GetValue(null)!.ToString()!);

    private static object? Default<T>(string property) =>
        typeof(T).GetProperty(property)!.GetCustomAttribute<DefaultValueAttribute>()?.Value;

    // Compiles a method body against the built Replicate.Models, Client and Generated; returns the errors.
    private static IReadOnlyList<Diagnostic> Compile(string body)
    {
        var source = $$"""
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Replicate.Client;
            using Replicate.Models;
            static class Probe
            {
                static void Run(ReplicateClient replicate)
                {
                    {{body}}
                }
            }
            """;
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat([typeof(PinnedModels).Assembly.Location, typeof(Replicate.Client.ReplicateClient).Assembly.Location, typeof(Replicate.Generated.PredictionStatus).Assembly.Location])
            .Distinct()
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("Probe", [CSharpSyntaxTree.ParseText(source)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return [.. compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)];
    }
}
