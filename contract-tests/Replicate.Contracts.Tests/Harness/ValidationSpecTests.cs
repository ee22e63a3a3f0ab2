using System.Text.Json.Nodes;
using Replicate.Contracts.SpecCheck;

namespace Replicate.Contracts.Tests.Harness;

/// <summary>How the normalized document becomes the validator's, and how interactions map to operations.</summary>
public sealed class ValidationSpecTests
{
    private static readonly JsonObject Normalized = JsonNode.Parse("""
        {
          "openapi": "3.1.0",
          "security": [{ "bearerAuth": [] }],
          "components": { "schemas": { "ProblemDetails": { "type": "object" } } },
          "paths": {
            "/models": {
              "get": { "operationId": "Models_List", "responses": { "200": { "description": "ok" } } },
              "query": { "operationId": "Models_Search", "requestBody": { "content": { "text/plain": {} } }, "responses": { "200": { "description": "ok" } } }
            },
            "/models/{owner}/{name}": {
              "get": { "operationId": "Models_Get", "responses": { "200": { "description": "ok" } } }
            },
            "/models/{owner}/{name}/readme": {
              "get": { "operationId": "Models_ReadmeGet", "responses": { "200": { "description": "ok" }, "404": { "description": "declared" } } }
            },
            "/search": {
              "get": { "operationId": "Search_Search", "security": [], "responses": { "200": { "description": "ok" } } }
            }
          }
        }
        """)!.AsObject();

    private static readonly JsonObject Built = ValidationSpec.Build(Normalized);

    private static JsonObject Responses(string path, string method) => Built["paths"]![path]![method]!["responses"]!.AsObject();

    [Test]
    public void Paths_get_the_v1_prefix_and_the_QUERY_operation_moves_to_POST_under_the_reserved_prefix()
    {
        Built["paths"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo(
            "/v1/models", "/__query__/v1/models", "/v1/models/{owner}/{name}", "/v1/models/{owner}/{name}/readme", "/v1/search");
        Built["paths"]!["/v1/models"]!["query"].Should().BeNull("the validator rejects the method");
        Built["paths"]!["/__query__/v1/models"]!["post"]!["operationId"]!.GetValue<string>().Should().Be("Models_Search");
        Normalized["paths"]!["/models"]!["query"].Should().NotBeNull("the input document is left as it was");
    }

    [Test]
    public void Error_statuses_are_added_only_where_the_API_answers_them()
    {
        Responses("/v1/models", "get").Select(r => r.Key).Should().BeEquivalentTo("200", "401", "429");
        Responses("/v1/models/{owner}/{name}", "get").Select(r => r.Key).Should().BeEquivalentTo("200", "401", "404", "429");
        Responses("/__query__/v1/models", "post").Select(r => r.Key).Should().BeEquivalentTo("200", "401", "422", "429");
        Responses("/v1/search", "get").Select(r => r.Key).Should().BeEquivalentTo(["200", "429"], "search needs no token, so it never answers 401");
    }

    [Test]
    public void A_status_the_document_declares_is_left_as_declared()
    {
        Responses("/v1/models/{owner}/{name}/readme", "get")["404"]!["description"]!.GetValue<string>().Should().Be("declared");
    }

    [Test]
    public void Added_errors_are_problem_details_and_429_carries_Retry_After()
    {
        var throttled = Responses("/v1/models", "get")["429"]!;

        throttled["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>().Should().Be("#/components/schemas/ProblemDetails");
        throttled["headers"]!["Retry-After"].Should().NotBeNull();
    }

    [Test]
    public void QUERY_interactions_are_rewritten_for_the_validator_and_nothing_else_is()
    {
        var pact = JsonNode.Parse("""
            {"interactions":[
              {"description":"search","request":{"method":"QUERY","path":"/v1/models"}},
              {"description":"list","request":{"method":"GET","path":"/v1/models"}}]}
            """)!.AsObject();

        var rewritten = PactRewriter.ForValidator(pact);

        rewritten["interactions"]![0]!["request"]!.ToJsonString().Should().Be("""{"method":"POST","path":"/__query__/v1/models"}""");
        rewritten["interactions"]![1]!["request"]!.ToJsonString().Should().Be("""{"method":"GET","path":"/v1/models"}""");
        pact["interactions"]![0]!["request"]!["method"]!.GetValue<string>().Should().Be("QUERY");
    }

    [TestCase("QUERY", "/v1/models", ExpectedResult = "Models_Search")]
    [TestCase("GET", "/v1/models", ExpectedResult = "Models_List")]
    [TestCase("GET", "/v1/models?cursor=abc", ExpectedResult = "Models_List")]
    [TestCase("GET", "/v1/models/acme/hello", ExpectedResult = "Models_Get")]
    [TestCase("GET", "/v1/models/acme/hello/readme", ExpectedResult = "Models_ReadmeGet")]
    [TestCase("POST", "/v1/models/acme/hello", ExpectedResult = null)]
    [TestCase("GET", "/models/acme/hello", ExpectedResult = null)]
    public string? Interactions_map_to_the_operation_of_their_method_and_path(string method, string path) =>
        new OperationCoverage(Normalized).Find(method, path);
}
