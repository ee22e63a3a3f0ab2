using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Replicate.Testing.Routing;

/// <summary>
/// One operation of the baseline: id, method and path template (ASP.NET Core's template matcher does the matching), and
/// whether it counts against the create budget: a POST that answers 201 with a prediction or a training.
/// </summary>
internal sealed record BaselineOperation(string Id, string Method, string Path, TemplateMatcher Matcher, bool IsCreate);

/// <summary>
/// The operation set and routes of the committed baseline (embedded): the fake answers exactly these under
/// <c>/v1</c>, so an operation added to the baseline is routed (and answers 501 until the fake implements it).
/// </summary>
internal static class BaselineOperations
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];

    public static IReadOnlyList<BaselineOperation> All { get; } = Load();

    public static JsonNode Document { get; } = LoadDocument();

    public static (BaselineOperation Operation, RouteValueDictionary Values)? Match(string method, string pathUnderV1)
    {
        foreach (var operation in All.Where(o => o.Method.Equals(method, StringComparison.OrdinalIgnoreCase)))
        {
            var values = new RouteValueDictionary();
            if (operation.Matcher.TryMatch(new PathString(pathUnderV1), values))
            {
                return (operation, values);
            }
        }

        return null;
    }

    private static JsonNode LoadDocument()
    {
        using var stream = typeof(BaselineOperations).Assembly.GetManifestResourceStream("Replicate.Testing.replicate.baseline.json")
            ?? throw new InvalidOperationException("The embedded baseline is missing from Replicate.Testing.");
        return JsonNode.Parse(stream) ?? throw new InvalidOperationException("The embedded baseline is empty.");
    }

    // Replicate's create budget covers creating predictions and trainings: the operations answering 201 with one.
    private static bool CreatesRun(JsonNode operation) =>
        (operation["responses"]?["201"]?["content"] as JsonObject)?.Any(media =>
            media.Value?["schema"]?["$ref"]?.GetValue<string>() is { } schema
            && (schema.EndsWith("/PredictionResponse", StringComparison.Ordinal) || schema.EndsWith("/TrainingResponse", StringComparison.Ordinal))) == true;

    private static List<BaselineOperation> Load()
    {
        var operations = new List<BaselineOperation>();
        foreach (var (path, item) in (LoadDocument()["paths"] as JsonObject) ?? [])
        {
            foreach (var method in Methods)
            {
                if (item?[method]?["operationId"]?.GetValue<string>() is { } id)
                {
                    var template = TemplateParser.Parse(path.TrimStart('/'));
                    operations.Add(new BaselineOperation(id, method.ToUpperInvariant(), path, new TemplateMatcher(template, []), method == "post" && CreatesRun(item[method]!)));
                }
            }
        }

        // Literal segments win over parameters where two templates could both match (none do today; cheap to keep right).
        return [.. operations.OrderBy(o => o.Path.Count(c => c == '{'))];
    }
}
