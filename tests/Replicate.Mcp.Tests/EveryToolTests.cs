using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace Replicate.Mcp.Tests;

/// <summary>
/// Every tool is callable with its minimal arguments (the required ones, valued from a seeded fake by name) and reaches
/// its own operation at the fake, for every operation of the committed baseline — a new operation joins by itself.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public class EveryToolTests
{
    public static IEnumerable<BaselineOperation> Operations() => Baseline.Operations;

    [TestCaseSource(nameof(Operations))]
    public async Task A_call_with_minimal_arguments_succeeds_and_reaches_the_operation(BaselineOperation operation)
    {
        await using var server = await McpHarness.StartAsync(Seeds.AddModels);
        var seeds = await Seeds.CreateAsync(server.Fake);
        var tool = (await server.Client.ListToolsAsync()).Single(t => t.ProtocolTool.Meta?["replicate/operationId"]?.GetValue<string>() == operation.Id);
        var arguments = seeds.MinimalArguments(tool.ProtocolTool.InputSchema);
        var before = server.Fake.Requests.Count;

        var result = await server.CallAsync(tool.Name, arguments);

        var text = string.Join("\n", result.Content.OfType<TextContentBlock>().Select(c => c.Text));
        result.IsError.Should().NotBe(true, $"{tool.Name} with {arguments.ToJsonString()} succeeds: {text}");
        var reached = server.Fake.Requests.Skip(before).Select(r => r.OperationId).ToList();
        reached.Should().Contain(operation.Id, $"{tool.Name} sends {operation.Method} {operation.Path}");
        reached.Should().OnlyContain(id => id == operation.Id || id == "Models_Get" || id == "Models_VersionsGet",
            "a tool sends its own operation (and at most the schema read that checks a model's input)");
        if (result.StructuredContent is { } structured)
        {
            structured.ValueKind.Should().Be(JsonValueKind.Object, "structured results are objects (a bare array is wrapped)");
        }
    }
}
