using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Json.Schema;
using Perfolizer.Horology;
using Replicate.Benchmarks.Webhooks;
using Replicate.Client.ModelSchemas;
using Replicate.Testing;

namespace Replicate.Benchmarks.ModelSchemas;

/// <summary>
/// Validating a typical input against an SDXL-sized schema (20 inputs) once it is loaded — the target is at
/// most 50 µs and 4 KB — against the floor of reading that input at all (a <see cref="JsonDocument"/> parse of the
/// same bytes), and against JsonSchema.Net 8 on the same schema translated to 2020-12 (the comparison behind writing
/// our own validator; its cheapest output format, a flag).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ColumnsConfig))]
public class ModelSchemaValidationBenchmarks
{
    private readonly ModelSchema _schema = ModelSchema.Parse(CogSchemas.SdxlLike);
    private readonly byte[] _inputBytes = Encoding.UTF8.GetBytes(CogSchemas.SdxlInput);
    private readonly EvaluationOptions _flag = new() { OutputFormat = OutputFormat.Flag };
    private JsonDocument _input = null!;
    private JsonDocument _invalid = null!;
    // Built once per process: JsonSchema.Net registers a schema by its base URI globally, and in-process runs set up
    // every case in the same process.
    private static readonly Lazy<JsonSchema> JsonSchemaNetSchema = new(BuildJsonSchemaNet);
    private JsonSchema _jsonSchemaNet = null!;

    // The same ten inputs as CogSchemas.SdxlInput, as the pinned SDXL's generated class.
    private static readonly Replicate.Models.SdxlInput TypedInput = new()
    {
        Prompt = "an astronaut riding a rainbow unicorn, cinematic",
        NegativePrompt = "blurry",
        Image = new Uri("https://example.com/inputs/start.png"),
        Width = 768,
        Height = 1024,
        NumOutputs = 2,
        Scheduler = Replicate.Models.SdxlScheduler.DPMSolverMultistep,
        NumInferenceSteps = 30,
        GuidanceScale = 7.5,
        PromptStrength = 0.75,
        Seed = 1234,
        Refine = Replicate.Models.SdxlRefine.ExpertEnsembleRefiner,
        ApplyWatermark = false,
    };

    [GlobalSetup]
    public void Setup()
    {
        _input = JsonDocument.Parse(_inputBytes);
        _invalid = JsonDocument.Parse("""{ "prompt": "x", "num_outputs": 5, "width": 100, "scheduler": "fast", "guidence_scale": 7 }""");
        if (_schema.Validate(_input.RootElement).Count != 0)
        {
            throw new InvalidOperationException("The typical input must be valid, or the benchmark measures the error path.");
        }

        if (Replicate.Models.PinnedModels.Sdxl.Validate(TypedInput).Count != 0)
        {
            throw new InvalidOperationException("The typed input must be valid against the pinned SDXL schema.");
        }

        _jsonSchemaNet = JsonSchemaNetSchema.Value;
        if (!_jsonSchemaNet.Evaluate(_input.RootElement, _flag).IsValid)
        {
            throw new InvalidOperationException("JsonSchema.Net must accept the typical input too.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _input.Dispose();
        _invalid.Dispose();
    }

    [Benchmark(Baseline = true, Description = "JsonDocument.Parse of the input (floor)")]
    public int ParseInput()
    {
        using var document = JsonDocument.Parse(_inputBytes);
        return document.RootElement.GetPropertyCount();
    }

    [Benchmark(Description = "ModelSchema.Validate, typical valid input")]
    public int Validate() => _schema.Validate(_input.RootElement).Count;

    [Benchmark(Description = "ModelSchema.Validate, 4 errors")]
    public int ValidateInvalid() => _schema.Validate(_invalid.RootElement).Count;

    [Benchmark(Description = "PinnedModels.Sdxl.Validate, typed input (serialize + validate)")]
    public int ValidateTyped() => Replicate.Models.PinnedModels.Sdxl.Validate(TypedInput).Count;

    [Benchmark(Description = "JsonSchema.Net 8 Evaluate (flag), typical valid input")]
    public bool JsonSchemaNet() => _jsonSchemaNet.Evaluate(_input.RootElement, _flag).IsValid;

    private static JsonSchema BuildJsonSchemaNet()
    {
        // The same Input for JsonSchema.Net: component references moved under $defs, and Cog's x-order dropped (JsonSchema.Net 8
        // rejects unknown keywords in the 2020-12 dialect; this schema has no 3.0-only keyword to translate besides).
        var document = JsonNode.Parse(CogSchemas.SdxlLike)!;
        StripExtensions(document);
        var schemas = document["components"]!["schemas"]!.AsObject();
        var root = JsonNode.Parse(schemas["Input"]!.ToJsonString())!.AsObject();
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = JsonNode.Parse(schemas.ToJsonString());
        return JsonSchema.FromText(root.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal), baseUri: new Uri("https://replicate.fake/schemas/sdxl"));
    }

    private static void StripExtensions(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            foreach (var name in obj.Select(p => p.Key).Where(k => k.StartsWith("x-", StringComparison.Ordinal)).ToList())
            {
                obj.Remove(name);
            }

            foreach (var (_, child) in obj)
            {
                StripExtensions(child);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
            {
                StripExtensions(child);
            }
        }
    }

    private sealed class ColumnsConfig : ManualConfig
    {
        public ColumnsConfig()
        {
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(5).WithIterationCount(50).WithIterationTime(TimeInterval.FromMilliseconds(10)).AsMutator());
            AddColumn(StatisticColumn.Min, new MinimumRatioColumn());
        }
    }
}
