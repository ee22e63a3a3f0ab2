using System.Text.Json.Nodes;
using Replicate.Testing;

namespace Replicate.Tools.Tests.Models;

/// <summary>A Cog schema (the flux-schnell-shaped one of the test kit) with one edit applied: a model author's next version.</summary>
internal static class CogSchemaEdits
{
    public static JsonObject Flux() => (JsonObject)JsonNode.Parse(CogSchemas.FluxSchnellLike)!;

    public static JsonObject Input(this JsonObject document, string name) => (JsonObject)document["components"]!["schemas"]!["Input"]!["properties"]![name]!;

    public static JsonObject Schema(this JsonObject document, string name) => (JsonObject)document["components"]!["schemas"]![name]!;

    public static JsonObject Properties(this JsonObject document) => (JsonObject)document["components"]!["schemas"]!["Input"]!["properties"]!;

    public static JsonArray Required(this JsonObject document) => (JsonArray)document["components"]!["schemas"]!["Input"]!["required"]!;

    public static JsonObject Edit(Action<JsonObject> edit)
    {
        var document = Flux();
        edit(document);
        return document;
    }
}
