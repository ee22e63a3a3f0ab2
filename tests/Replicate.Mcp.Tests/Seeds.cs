using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Replicate.Client;
using Replicate.Client.Predictions;

namespace Replicate.Mcp.Tests;

/// <summary>
/// A fake holding one of everything (a model with a version and a readme, a deployment, a collection, a prediction, a
/// training, a file), made through the real client, and argument values that name them by the spec's names.
/// </summary>
internal sealed class Seeds
{
    private readonly Dictionary<string, JsonNode> _values = new(StringComparer.Ordinal);

    public static void AddModels(FakeReplicate fake)
    {
        var model = fake.AddModel(new FakeModel("acme", "fake-model") { Readme = "# A fake model" });
        fake.AddModel("acme", "destination");
        fake.AddDeployment(new FakeDeployment("acme", "fake-deployment", model));
        fake.AddCollection(new FakeCollection("fakes", "Fakes") { Models = [model] });
    }

    public static async Task<Seeds> CreateAsync(FakeReplicate fake)
    {
        using var client = new ReplicateClient(new ReplicateClientOptions { ApiToken = McpHarness.Token, BaseAddress = fake.BaseAddress });
        var version = (await client.Models.GetAsync("acme", "fake-model")).LatestVersion!.Id!;
        var input = JsonSerializer.SerializeToElement(new { prompt = "hi" });
        var prediction = await client.CreatePredictionAsync("acme/fake-model", input);
        var training = await client.CreateTrainingAsync(ModelReference.Parse("acme/fake-model:" + version), "acme/destination", JsonSerializer.SerializeToElement(new { }));
        var file = await client.UploadFileAsync("hello"u8.ToArray(), "hello.txt", "text/plain");

        var seeds = new Seeds();
        foreach (var (name, value) in new Dictionary<string, JsonNode>
        {
            ["model_owner"] = "acme",
            ["model_name"] = "fake-model",
            ["version_id"] = version,
            ["version"] = version,
            ["prediction_id"] = prediction.Id!,
            ["training_id"] = training.Id!,
            ["deployment_owner"] = "acme",
            ["deployment_name"] = "fake-deployment",
            ["collection_slug"] = "fakes",
            ["file_id"] = file.Id,
            ["query"] = "fake",
            ["search_text"] = "fake",
            ["model"] = "acme/fake-model",
            ["destination"] = "acme/destination",
            ["owner"] = fake.Options.AccountUsername,
            ["name"] = "new-thing",
            ["hardware"] = "gpu-t4",
            ["input"] = new JsonObject { ["prompt"] = "hi" },
            ["min_instances"] = 0,
            ["max_instances"] = 1,
            ["content"] = Convert.ToBase64String("hello"u8),
        })
        {
            seeds._values[name] = value;
        }

        // files_download needs the signed query of the file's own URL.
        foreach (var (name, value) in QueryHelpers.ParseQuery(file.Urls!.Get!.Query))
        {
            seeds._values[name] = value.ToString();
        }

        if (seeds._values.TryGetValue("expiry", out var expiry))
        {
            seeds._values["expiry"] = long.Parse(expiry.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return seeds;
    }

    /// <summary>The minimal arguments of a tool: its required ones, valued from the seeds by name, else by the schema (first enum value, a sample of the type).</summary>
    public JsonObject MinimalArguments(JsonElement inputSchema)
    {
        var arguments = new JsonObject();
        var properties = inputSchema.GetProperty("properties");
        foreach (var name in inputSchema.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()!) : [])
        {
            arguments[name] = _values.TryGetValue(name, out var value) ? value.DeepClone() : Sample(properties.GetProperty(name), name);
        }

        return arguments;
    }

    private static JsonNode Sample(JsonElement schema, string name)
    {
        if (schema.TryGetProperty("enum", out var values))
        {
            return JsonNode.Parse(values[0].GetRawText())!;
        }

        var type = schema.TryGetProperty("type", out var t) ? (t.ValueKind == JsonValueKind.Array ? t[0].GetString() : t.GetString()) : "string";
        return type switch
        {
            "object" => new JsonObject(),
            "array" => new JsonArray(),
            "integer" => schema.TryGetProperty("minimum", out var minimum) ? minimum.GetInt32() : 1,
            "number" => 1.0,
            "boolean" => true,
            _ => throw new InvalidOperationException($"The seeds have no value for the required argument '{name}': add one to {nameof(Seeds)}."),
        };
    }
}
