using System.Text.Json;
using Json.Schema;
using ModelContextProtocol.Client;

namespace Replicate.Mcp.Tests;

/// <summary>
/// What an agent's client sees in <c>tools/list</c>: one tool per operation of the committed baseline (found by the
/// operation id in each tool's <c>_meta</c>, so the set comes from the baseline, not from a list kept here), annotated
/// by method, with input schemas that are valid JSON Schema 2020-12 objects listing every spec-required field.
/// </summary>
public class ToolCatalogTests
{
    private static readonly string[] AgentTools = ["download_output", "get_model_schema", "run_model"];

    private McpHarness _server = null!;
    private IList<McpClientTool> _tools = null!;

    public static IEnumerable<BaselineOperation> Operations() => Baseline.Operations;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await McpHarness.StartAsync();
        _tools = await _server.Client.ListToolsAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public void Every_operation_of_the_baseline_has_exactly_one_tool_and_the_agent_tools_are_listed()
    {
        Baseline.Operations.Should().NotBeEmpty("the operations come from the committed baseline");
        var byOperation = _tools.Where(t => OperationId(t) is not null).GroupBy(t => OperationId(t)!).ToDictionary(g => g.Key, g => g.ToList());
        byOperation.Keys.Should().BeEquivalentTo(Baseline.Operations.Select(o => o.Id), "every operation is a tool, and every operation tool an operation");
        byOperation.Values.Should().OnlyContain(tools => tools.Count == 1, "one tool per operation");
        _tools.Where(t => OperationId(t) is null).Select(t => t.Name).Should().BeEquivalentTo(AgentTools);
        _tools.Select(t => t.Name).Should().OnlyHaveUniqueItems();
    }

    [TestCaseSource(nameof(Operations))]
    public void Annotations_follow_the_method(BaselineOperation operation)
    {
        var annotations = ToolFor(operation).ProtocolTool.Annotations;
        annotations.Should().NotBeNull($"{operation.Id} is annotated");
        annotations!.ReadOnlyHint.Should().Be(operation.Method is "GET" or "QUERY", $"{operation.Method} {operation.Path} is read-only exactly when it is a GET or the QUERY search");
        if (operation.Method == "DELETE")
        {
            annotations.DestructiveHint.Should().BeTrue($"{operation.Id} deletes");
            annotations.IdempotentHint.Should().BeTrue($"{operation.Id}: deleting twice leaves the same state");
        }

        if (operation.Method == "POST")
        {
            annotations.IdempotentHint.Should().NotBe(true, $"{operation.Id}: a POST run twice does it twice");
        }
    }

    [TestCaseSource(nameof(Operations))]
    public void Input_schemas_are_2020_12_objects_with_the_spec_names_and_every_required_field(BaselineOperation operation)
    {
        var schema = ToolFor(operation).ProtocolTool.InputSchema;
        var metaSchema = MetaSchemas.Draft202012;
        var validation = metaSchema.Evaluate(JsonDocument.Parse(schema.GetRawText()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        validation.IsValid.Should().BeTrue($"the input schema of {operation.Id} is valid JSON Schema 2020-12: {schema.GetRawText()}");
        schema.GetProperty("type").GetString().Should().Be("object");
        var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        operation.Parameters.Concat(operation.BodyFields).Except(properties).Should().BeEmpty("arguments carry the spec's parameter and body-field names");
        var required = schema.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(r => r.GetString()).ToList() : [];
        operation.RequiredParameters.Concat(operation.RequiredBodyFields).Except(required).Should().BeEmpty($"every spec-required field of {operation.Id} is required");
    }

    [Test]
    public void Paged_tools_take_a_cursor()
    {
        var paged = Baseline.Operations.Where(o => Baseline.Document["paths"]![o.Path]![o.Method.ToLowerInvariant()]!["responses"]!.AsObject()
            .Any(r => r.Value?["content"]?["application/json"]?["schema"] is { } s && Baseline.Resolve(s)["properties"]?["next"] is not null)).ToList();
        paged.Should().NotBeEmpty();
        foreach (var operation in paged)
        {
            ToolFor(operation).ProtocolTool.InputSchema.GetProperty("properties").TryGetProperty("cursor", out _).Should().BeTrue($"{operation.Id} returns pages");
        }
    }

    [Test]
    public void The_listing_the_build_writes_is_the_committed_one_and_names_every_listed_tool()
    {
        var committed = File.ReadAllText(RepoRoot.Combine("api", "Replicate.Mcp.tools.txt"));
        var built = File.ReadAllText(Path.Combine(Path.GetDirectoryName(McpHarness.ServerDll)!, "Replicate.Mcp.tools.txt"));
        built.Should().Be(committed, "a tool removed or renamed breaks agents; accept an intended change with 'make accept-api'");
        var names = committed.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(" | ")[0]);
        names.Should().BeEquivalentTo(_tools.Select(t => t.Name), "the listing is what tools/list offers");
    }

    [Test]
    public void Descriptions_are_short_and_name_the_operation()
    {
        foreach (var tool in _tools.Where(t => OperationId(t) is not null))
        {
            tool.Description.Should().NotBeNullOrWhiteSpace();
            tool.Description.Length.Should().BeLessThan(400, $"{tool.Name}'s description is concise");
            tool.Description.Should().Contain(tool.ProtocolTool.Meta!["replicate/path"]!.GetValue<string>(), "it says what it calls");
            tool.Description.Should().NotContain("curl", "no transcripts");
        }
    }

    [Test]
    public void Every_operation_tool_tells_its_rate_class()
    {
        foreach (var tool in _tools.Where(t => OperationId(t) is not null))
        {
            var meta = tool.ProtocolTool.Meta!;
            var isCreate = meta["replicate/method"]!.GetValue<string>() == "POST" && meta["replicate/path"]!.GetValue<string>().Split('/')[^1] is "predictions" or "trainings";
            meta["replicate/rateClass"]!.GetValue<string>().Should().Be(isCreate ? "create" : "other", tool.Name);
        }
    }

    private McpClientTool ToolFor(BaselineOperation operation) => _tools.Single(t => OperationId(t) == operation.Id);

    private static string? OperationId(McpClientTool tool) => tool.ProtocolTool.Meta?["replicate/operationId"]?.GetValue<string>();
}
