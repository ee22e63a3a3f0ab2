using System.Text.Json.Nodes;

namespace Replicate.Contracts.SpecCheck;

/// <summary>
/// Turns the normalized OpenAPI document into the one the validator checks pacts against. Three changes, each because
/// the validator or the document falls short, never to make a pact pass:
/// <list type="number">
/// <item>Paths get the <c>/v1</c> prefix the clients send (the validator ignores <c>servers</c>).</item>
/// <item>The HTTP <c>QUERY</c> operation, which only OpenAPI 3.2 can express and the validator rejects, moves to
/// <c>POST</c> under the reserved path <see cref="QueryPrefix"/> + its path; <see cref="PactRewriter"/> moves the pacts'
/// <c>QUERY</c> interactions the same way, so their body, security and response are still checked.</item>
/// <item>Error responses Replicate documents for every endpoint but the document omits are added where the document
/// has none for that status: <c>401</c> on secured operations, <c>404</c> on operations addressing a resource by path
/// parameter, <c>422</c> on operations taking a body, <c>429</c> (with <c>Retry-After</c>) everywhere — each an
/// <c>application/problem+json</c> problem details body.</item>
/// <item>A nullable reference (<c>nullable: true</c> beside a one-member <c>oneOf</c>, no <c>type</c>: normalizer rule
/// 11), which the validator refuses to read ("nullable cannot be used without type"), becomes the same union written
/// with a null member it can read.</item>
/// </list>
/// </summary>
internal static class ValidationSpec
{
    /// <summary>The path prefix under which the <c>QUERY</c> operations are checked as <c>POST</c>.</summary>
    internal const string QueryPrefix = "/__query__";

    /// <summary>The prefix the API's paths carry on the wire.</summary>
    internal const string ApiPrefix = "/v1";

    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    /// <summary>The validation document for <paramref name="normalized"/> (which is left unchanged).</summary>
    internal static JsonObject Build(JsonObject normalized)
    {
        var spec = normalized.DeepClone().AsObject();
        var paths = new JsonObject();
        foreach (var (path, node) in normalized["paths"]?.AsObject() ?? [])
        {
            var item = node!.DeepClone().AsObject();
            if (item["query"] is JsonObject query)
            {
                item.Remove("query");
                var moved = new JsonObject { ["post"] = query.DeepClone() };
                if (item["parameters"] is JsonArray shared)
                {
                    moved["parameters"] = shared.DeepClone();
                }

                paths[QueryPrefix + ApiPrefix + path] = moved;
            }

            paths[ApiPrefix + path] = item;
        }

        spec["paths"] = paths;
        RewriteNullableReferences(spec);
        var problem = ProblemSchema(spec);
        var securedByDefault = spec["security"] is JsonArray { Count: > 0 };
        foreach (var (path, item) in paths)
        {
            foreach (var method in Methods)
            {
                if (item![method] is JsonObject operation)
                {
                    AddErrorResponses(path, operation, securedByDefault, problem);
                }
            }
        }

        return spec;
    }

    private static void RewriteNullableReferences(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["nullable"] is JsonValue n && n.GetValue<bool>() && obj["type"] is null && obj["oneOf"] is JsonArray { Count: 1 } members)
                {
                    obj.Remove("nullable");
                    members.Add(new JsonObject { ["type"] = "string", ["nullable"] = true, ["enum"] = new JsonArray((JsonNode?)null) });
                }

                foreach (var (_, child) in obj.ToList())
                {
                    RewriteNullableReferences(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array.ToList())
                {
                    RewriteNullableReferences(child);
                }

                break;
        }
    }

    private static void AddErrorResponses(string path, JsonObject operation, bool securedByDefault, JsonObject problem)
    {
        if (operation["responses"] is not JsonObject responses)
        {
            responses = [];
            operation["responses"] = responses;
        }

        var secured = operation["security"] is JsonArray security ? security.Count > 0 : securedByDefault;
        if (secured)
        {
            Add(responses, "401", "The token is missing or not valid.", problem);
        }

        if (path.Contains('{', StringComparison.Ordinal))
        {
            Add(responses, "404", "No such resource, or not visible to this account.", problem);
        }

        if (operation["requestBody"] is not null)
        {
            Add(responses, "422", "The request body is not valid for this resource.", problem);
        }

        var throttled = Add(responses, "429", "Too many requests; retry after the delay given.", problem);
        throttled?.Add("headers", new JsonObject
        {
            ["Retry-After"] = new JsonObject
            {
                ["description"] = "Seconds to wait, or an HTTP date.",
                ["schema"] = new JsonObject { ["type"] = "string" },
            },
        });
    }

    private static JsonObject? Add(JsonObject responses, string status, string description, JsonObject problem)
    {
        if (responses.ContainsKey(status))
        {
            return null;
        }

        var response = new JsonObject
        {
            ["description"] = description,
            ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = problem.DeepClone() } },
        };
        responses[status] = response;
        return response;
    }

    private static JsonObject ProblemSchema(JsonObject spec) =>
        spec["components"]?["schemas"]?["ProblemDetails"] is not null
            ? new JsonObject { ["$ref"] = "#/components/schemas/ProblemDetails" }
            : new JsonObject { ["type"] = "object" };
}
