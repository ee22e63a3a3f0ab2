using System.Text.Json.Nodes;

namespace Replicate.Mcp.Tests;

/// <summary>One operation of the committed baseline, with what the spec requires of a call.</summary>
public sealed record BaselineOperation(string Id, string Method, string Path, IReadOnlyList<string> Parameters, IReadOnlyList<string> RequiredParameters, IReadOnlyList<string> BodyFields, IReadOnlyList<string> RequiredBodyFields)
{
    public override string ToString() => Id;
}

/// <summary>The committed baseline (openapi/replicate.baseline.json): the operation set every count and case here comes from.</summary>
public static class Baseline
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];

    public static JsonObject Document { get; } = JsonNode.Parse(File.ReadAllText(RepoRoot.Combine("openapi", "replicate.baseline.json")))!.AsObject();

    public static IReadOnlyList<BaselineOperation> Operations { get; } = Load();

    public static JsonObject Resolve(JsonNode node)
    {
        var current = node.AsObject();
        while (current["$ref"]?.GetValue<string>() is { } reference)
        {
            current = reference["#/".Length..].Split('/').Aggregate((JsonNode)Document, (n, segment) => n[segment]!).AsObject();
        }

        return current;
    }

    private static List<BaselineOperation> Load()
    {
        var operations = new List<BaselineOperation>();
        foreach (var (path, item) in Document["paths"]!.AsObject())
        {
            foreach (var method in Methods.Where(m => item![m] is not null))
            {
                var operation = item![method]!;
                var parameters = (operation["parameters"]?.AsArray() ?? []).Select(p => Resolve(p!)).ToList();
                var body = operation["requestBody"]?["content"]?.AsObject().First().Value?["schema"] is { } schema ? Resolve(schema) : null;
                operations.Add(new BaselineOperation(
                    operation["operationId"]!.GetValue<string>(),
                    method.ToUpperInvariant(),
                    path,
                    [.. parameters.Select(p => p["name"]!.GetValue<string>())],
                    [.. parameters.Where(p => p["in"]!.GetValue<string>() == "path" || p["required"]?.GetValue<bool>() == true).Select(p => p["name"]!.GetValue<string>())],
                    [.. (body?["properties"]?.AsObject() ?? []).Select(p => p.Key)],
                    [.. (body?["required"]?.AsArray() ?? []).Select(r => r!.GetValue<string>())]));
            }
        }

        return operations;
    }
}
