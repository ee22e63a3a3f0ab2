using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Replicate.Testing;
using Replicate.Tools.Generation;
using Replicate.Tools.Normalization;

namespace Replicate.Generated.Tests;

/// <summary>
/// What upstream adds without breaking anyone must not break a caller of ours either: the committed baseline is
/// generated as it is and again with additions of every kind applied, both compiled in memory with the hand-written
/// runtime, and every public signature of the first must still exist, unchanged, in the second. (The stricter gate,
/// package validation against released packages, is the drift gate's.)
/// </summary>
public class SurvivingAdditionsTests
{
    private static readonly SymbolDisplayFormat Signature = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters | SymbolDisplayGenericsOptions.IncludeTypeConstraints,
        memberOptions: SymbolDisplayMemberOptions.IncludeAccessibility | SymbolDisplayMemberOptions.IncludeModifiers | SymbolDisplayMemberOptions.IncludeType
            | SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeContainingType | SymbolDisplayMemberOptions.IncludeRef,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName | SymbolDisplayParameterOptions.IncludeDefaultValue
            | SymbolDisplayParameterOptions.IncludeParamsRefOut | SymbolDisplayParameterOptions.IncludeOptionalBrackets,
        propertyStyle: SymbolDisplayPropertyStyle.ShowReadWriteDescriptor,
        kindOptions: SymbolDisplayKindOptions.IncludeTypeKeyword,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    [Test]
    public async Task Additions_upstream_keep_every_public_signature_of_today()
    {
        var baseline = JsonUtil.ParseObject(await File.ReadAllTextAsync(RepoRoot.Combine("openapi", "replicate.baseline.json")), "baseline");
        var today = await SurfaceAsync(baseline);
        var tomorrow = await SurfaceAsync(WithAdditions(baseline));

        today.Should().Contain(s => s.Contains("PredictionsClient.ListAsync(", StringComparison.Ordinal), "the listing reads the clients");
        tomorrow.Should().Contain(s => s.Contains("PredictionsListOptions.ProbeModel", StringComparison.Ordinal), "the new query parameter is an options property");
        tomorrow.Should().Contain(s => s.Contains("TrainingsClient.ListAsync(Replicate.Generated.TrainingsListOptions options", StringComparison.Ordinal),
            "the first optional parameter of an operation adds an overload with options");
        tomorrow.Should().Contain(s => s.Contains("PredictionResponse.ProbeQueuePosition", StringComparison.Ordinal), "the new response field is generated");
        tomorrow.Should().Contain(s => s.Contains("PredictionsClient.ProbeEventsListAsync(", StringComparison.Ordinal), "the new operation is generated");
        tomorrow.Should().Contain(s => s.Contains("class Replicate.Generated.ProbeWidgetsClient", StringComparison.Ordinal), "the new resource is generated");
        tomorrow.Should().Contain(s => s.Contains("PredictionStatus.ProbePaused", StringComparison.Ordinal), "the new status value is a known value");
        today.Except(tomorrow).Should().BeEmpty("an addition upstream must not change or remove a public signature");
    }

    // Names start with "probe" so no addition can collide with what upstream may add (and a nightly run accept) for real.
    // Each kind of addition Replicate's document has seen: optional query and header parameters (on an operation that
    // had options and on one that had none), a response field, an operation, a resource, a value in a response enum.
    private static JsonObject WithAdditions(JsonObject baseline)
    {
        var doc = (JsonObject)baseline.DeepClone();
        var paths = doc["paths"]!.AsObject();
        Parameters(paths["/predictions"]!["get"]!).Add(Query("probe_model"));
        var trainings = (JsonObject)paths["/trainings"]!["get"]!;
        trainings["parameters"] = new JsonArray([.. trainings["parameters"]?.AsArray().Select(p => p!.DeepClone()) ?? [], Query("probe_status")]);
        Parameters(paths["/predictions"]!["post"]!).Add(new JsonObject { ["in"] = "header", ["name"] = "Probe-Idempotency-Key", ["schema"] = new JsonObject { ["type"] = "string" } });
        var prediction = doc["components"]!["schemas"]!["PredictionResponse"]!["properties"]!.AsObject();
        prediction["probe_queue_position"] = new JsonObject { ["type"] = "integer" };
        ((JsonArray)prediction["status"]!["x-known-values"]!).Add("probe_paused");
        paths["/predictions/{prediction_id}/probe-events"] = new JsonObject
        {
            ["get"] = Operation("predictions.probeEvents.list", new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } }),
        };
        paths["/predictions/{prediction_id}/probe-events"]!["get"]!["parameters"] = new JsonArray(
            new JsonObject { ["in"] = "path", ["name"] = "prediction_id", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
        paths["/probe-widgets"] = new JsonObject
        {
            ["get"] = Operation("probeWidgets.list", new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject { ["name"] = new JsonObject { ["type"] = "string" }, ["size_in_bytes"] = new JsonObject { ["type"] = "integer" } },
            }),
        };
        return doc;
    }

    private static JsonArray Parameters(JsonNode operation) => operation["parameters"]!.AsArray();

    private static JsonObject Query(string name) => new() { ["in"] = "query", ["name"] = name, ["schema"] = new JsonObject { ["type"] = "string" } };

    private static JsonObject Operation(string id, JsonObject schema) => new()
    {
        ["operationId"] = id,
        ["responses"] = new JsonObject
        {
            ["200"] = new JsonObject { ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schema } } },
        },
    };

    // The public and protected signatures of Replicate.Generated as it would build from this document: generated code
    // plus the hand-written runtime, compiled in memory (symbols only: the JSON source generator does not run here).
    private static async Task<HashSet<string>> SurfaceAsync(JsonObject document)
    {
        var normalizer = new Normalizer(NormalizerOptions.Load(RepoRoot.Combine("openapi", "normalizer.json")));
        var code = await ClientGenerator.GenerateAsync(normalizer.Normalize(document), GenerationOptions.Load(RepoRoot.Combine("openapi", "generation.json")));
        var sources = Directory.GetFiles(RepoRoot.Combine("src", "Replicate.Generated", "Custom"), "*.cs").Select(File.ReadAllText).Append(code)
            .Append("global using System; global using System.IO; global using System.Linq; global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks; global using System.Collections.Generic;");
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            "Replicate.Generated",
            sources.Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        CSharpGeneratorDriver.Create([JsonSourceGenerator()], parseOptions: ParseOptions).RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);
        compilation = (CSharpCompilation)generated;
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Should().BeEmpty("the generated code compiles");

        var surface = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<INamespaceOrTypeSymbol>([compilation.Assembly.GlobalNamespace]);
        while (pending.TryPop(out var container))
        {
            foreach (var member in container.GetMembers())
            {
                if (member is INamespaceSymbol ns)
                {
                    pending.Push(ns);
                }
                else if (member.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal
                    && !member.IsImplicitlyDeclared)
                {
                    surface.Add(member.ToDisplayString(Signature));
                    if (member is INamedTypeSymbol type)
                    {
                        pending.Push(type);
                    }
                }
            }
        }

        return surface;
    }

    // System.Text.Json's source generator, from the targeting pack the SDK compiles with.
    private static ISourceGenerator JsonSourceGenerator()
    {
        var packs = Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", "..", "packs", "Microsoft.NETCore.App.Ref");
        var version = Directory.GetDirectories(packs).Select(Path.GetFileName).OrderBy(v => Version.Parse(v!.Split('-')[0])).Last();
        var path = Path.Combine(packs, version!, "analyzers", "dotnet", "cs", "System.Text.Json.SourceGeneration.dll");
        var generator = System.Reflection.Assembly.LoadFrom(path).GetTypes()
            .Single(t => typeof(IIncrementalGenerator).IsAssignableFrom(t) && !t.IsAbstract);
        return ((IIncrementalGenerator)Activator.CreateInstance(generator)!).AsSourceGenerator();
    }
}
