using System.Text.Json.Nodes;

namespace Replicate.Contracts.SpecCheck;

/// <summary>
/// Prepares a pact for the validator: each <c>QUERY</c> interaction becomes a <c>POST</c> to
/// <see cref="ValidationSpec.QueryPrefix"/> + its path, where <see cref="ValidationSpec"/> put the <c>QUERY</c>
/// operation. Everything else is left as the consumer tests wrote it.
/// </summary>
internal static class PactRewriter
{
    /// <summary>A rewritten copy of <paramref name="pact"/> (which is left unchanged).</summary>
    internal static JsonObject ForValidator(JsonObject pact)
    {
        var copy = pact.DeepClone().AsObject();
        foreach (var request in Interactions(copy).Select(i => i["request"]).OfType<JsonObject>())
        {
            if (string.Equals(request["method"]?.GetValue<string>(), "QUERY", StringComparison.OrdinalIgnoreCase))
            {
                request["method"] = "POST";
                request["path"] = ValidationSpec.QueryPrefix + request["path"]?.GetValue<string>();
            }
        }

        return copy;
    }

    /// <summary>The interactions of a pact file, in file order.</summary>
    internal static IReadOnlyList<JsonObject> Interactions(JsonObject pact) =>
        (pact["interactions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
}
