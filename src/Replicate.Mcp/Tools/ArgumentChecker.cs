using System.Text.Json;
using System.Text.Json.Nodes;
using Replicate.Client.ModelSchemas;

namespace Replicate.Mcp.Tools;

/// <summary>
/// Checks a call's arguments against the tool's input schema before anything is sent, with the project's own schema
/// validator (the one that checks model inputs: every error with its field and rule, unknown names with a
/// did-you-mean). The input schema is JSON Schema 2020-12, which the validator reads from an OpenAPI 3.1 document.
/// </summary>
internal static class ArgumentChecker
{
    public static ModelSchema Compile(JsonElement inputSchema)
    {
        var document = new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["components"] = new JsonObject { ["schemas"] = new JsonObject { ["Input"] = JsonNode.Parse(inputSchema.GetRawText()) } },
        };
        return ModelSchema.Parse(document.ToJsonString());
    }

    /// <exception cref="ToolArgumentException">Every malformed argument, named.</exception>
    public static void Check(string tool, ModelSchema schema, JsonObject arguments)
    {
        using var document = JsonDocument.Parse(arguments.ToJsonString());
        var errors = schema.Validate(document.RootElement);
        if (errors.Count > 0)
        {
            throw new ToolArgumentException($"{tool}: no request was sent, the arguments are malformed: {string.Join("; ", errors.Select(Describe))}");
        }
    }

    /// <summary>An error in the words of a tool call: the argument (a JSON pointer below the arguments), the rule, the detail.</summary>
    public static string Describe(ModelInputError error)
    {
        var argument = error.Field.TrimStart('/');
        return error.Rule switch
        {
            "required" => $"argument '{argument}' is required and missing",
            // The validator speaks of a model's inputs; here they are the tool's arguments.
            "unknown-input" => $"argument '{argument}' is unknown{Suggestion(error.Detail)}",
            _ => $"argument '{argument}': {error.Rule}: {error.Detail}",
        };
    }

    private static string Suggestion(string detail)
    {
        var at = detail.IndexOf("did you mean", StringComparison.Ordinal);
        return at >= 0 ? "; " + detail[at..] : detail.IndexOf("(its inputs: ", StringComparison.Ordinal) is var list and >= 0
            ? " (the arguments are: " + detail[(list + "(its inputs: ".Length)..]
            : string.Empty;
    }
}
