using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using Replicate.Client.Errors;
using Replicate.Client.ModelSchemas;
using Replicate.Client.Predictions;

namespace Replicate.Mcp.Tools;

/// <summary>
/// <c>get_model_schema</c>: a model version's input and output schemas (Cog's <c>openapi_schema</c>), with its input names
/// in order and the ones a caller must give — what an agent needs to build a valid <c>run_model</c> input.
/// </summary>
internal sealed class GetModelSchemaTool(ToolContext context) : AgentTool(context, Info)
{
    private static readonly AgentToolInfo Info = new(
        Name: "get_model_schema",
        Resource: "models",
        Operation: "read a model version's input and output schemas",
        Title: "Get a model's input schema",
        Description: "The input and output schemas of a model version (its latest unless owner/name:version is given): the input names in order, "
            + "the required ones, and each input's JSON Schema. run_model checks its input against the same schema.",
        ReadOnly: true,
        Idempotent: true,
        Arguments: """
            {
              "model": { "type": "string", "pattern": "^[^/]+/[^/:]+(:.+)?$", "description": "owner/name (its latest version) or owner/name:version" }
            }
            """,
        Required: ["model"]);


    protected override async Task<CallToolResult> ExecuteAsync(ToolCall call, CancellationToken cancellationToken)
    {
        if (!ModelReference.TryParse(call.Text("model"), out var model))
        {
            throw new ToolArgumentException($"{Name}: no request was sent: argument 'model' must be owner/name or owner/name:version, not '{call.Text("model")}'");
        }

        var path = $"models/{Uri.EscapeDataString(model.Owner)}/{Uri.EscapeDataString(model.Name)}" + (model.Version is { } v ? "/versions/" + Uri.EscapeDataString(v) : string.Empty);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Context.Options.BaseAddress, path));
            using var response = await Context.Client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            call.Note.Status = (int)response.StatusCode;
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            var version = model.Version is null ? body?["latest_version"] : body;
            if (version?["openapi_schema"] is not JsonObject openApi)
            {
                return ToolResults.Error($"{model} has no version with a schema (a model without versions cannot run)");
            }

            var parsed = ModelSchema.Parse(openApi.ToJsonString());
            var schemas = openApi["components"]?["schemas"] as JsonObject;
            var result = new JsonObject
            {
                ["model"] = $"{model.Owner}/{model.Name}",
                ["version"] = version["id"]?.DeepClone(),
                ["inputs"] = new JsonArray([.. parsed.InputNames.Select(n => (JsonNode)n)]),
                ["required"] = new JsonArray([.. parsed.RequiredInputs.Select(n => (JsonNode)n)]),
                ["input_schema"] = schemas?["Input"]?.DeepClone(),
                ["output_schema"] = schemas?["Output"]?.DeepClone(),
                ["schemas"] = schemas?.DeepClone(),
            };
            using var document = JsonDocument.Parse(result.ToJsonString());
            return ToolResults.Json(document.RootElement);
        }
        catch (ReplicateException e)
        {
            return ToolResults.From(e, Context.Redactor, call.Note);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return ToolResults.Error($"{model}'s schema cannot be read: {e.Message}");
        }
    }
}
