using System.Text.Json;
using System.Text.Json.Nodes;
using Replicate.PactFfi.Native;

namespace Replicate.Contracts.Tests.Harness;

/// <summary>Matchers are written as the engine's integration JSON, nested anywhere in a body.</summary>
public sealed class MatcherTests
{
    private static JsonNode Written(object body) => JsonNode.Parse(Bodies.Json(body, new PactConfig().DefaultJsonSettings))!;

    [Test]
    public void Each_matcher_writes_its_rule_attributes_and_example()
    {
        var body = Written(new
        {
            type = Match.Type("acme"),
            min = Match.MinType(new { id = Match.Integer(1) }, 2),
            regex = Match.Regex("succeeded", "^[a-z]+$"),
            integer = Match.Integer(42),
            @decimal = Match.Decimal(1.5),
            equality = Match.Equality("exact"),
            include = Match.Include("needle"),
            timestamp = Match.Timestamp("2025-01-02T03:04:05Z", "yyyy-MM-dd'T'HH:mm:ssX"),
            url = Match.MockServerUrl("https://api.example.com/v1/x?cursor=1", @"/v1/x\?cursor=\d+"),
        });

        JsonNode.DeepEquals(body["type"], JsonNode.Parse("""{"pact:matcher:type":"type","value":"acme"}""")).Should().BeTrue(body["type"]!.ToJsonString());
        JsonNode.DeepEquals(body["min"], JsonNode.Parse("""
            {"pact:matcher:type":"type","min":2,"value":[
              {"id":{"pact:matcher:type":"integer","value":1}},{"id":{"pact:matcher:type":"integer","value":1}}]}
            """)).Should().BeTrue(body["min"]!.ToJsonString());
        JsonNode.DeepEquals(body["regex"], JsonNode.Parse("""{"pact:matcher:type":"regex","regex":"^[a-z]+$","value":"succeeded"}""")).Should().BeTrue();
        JsonNode.DeepEquals(body["integer"], JsonNode.Parse("""{"pact:matcher:type":"integer","value":42}""")).Should().BeTrue();
        JsonNode.DeepEquals(body["decimal"], JsonNode.Parse("""{"pact:matcher:type":"decimal","value":1.5}""")).Should().BeTrue();
        JsonNode.DeepEquals(body["equality"], JsonNode.Parse("""{"pact:matcher:type":"equality","value":"exact"}""")).Should().BeTrue();
        JsonNode.DeepEquals(body["include"], JsonNode.Parse("""{"pact:matcher:type":"include","value":"needle"}""")).Should().BeTrue();
        JsonNode.DeepEquals(body["timestamp"], JsonNode.Parse("""
            {"pact:matcher:type":"timestamp","format":"yyyy-MM-dd'T'HH:mm:ssX","value":"2025-01-02T03:04:05Z"}
            """)).Should().BeTrue();
        body["url"]!["pact:generator:type"]!.GetValue<string>().Should().Be("MockServerURL");
        body["url"]!["regex"]!.GetValue<string>().Should().Be(@".*(/v1/x\?cursor=\d+)$", "the engine keeps what the group captures");
    }

    [Test]
    public void A_matcher_may_be_the_whole_body()
    {
        Written(Match.MinType(new { sku = "gpu-t4" }, 1))["pact:matcher:type"]!.GetValue<string>().Should().Be("type");
    }

    [Test]
    public void An_example_its_own_pattern_rejects_is_refused_where_it_is_written()
    {
        var regex = () => Match.Regex("Succeeded", "^[a-z]+$");
        var url = () => Match.MockServerUrl("https://api.example.com/v1/y", "/v1/x");

        regex.Should().Throw<ArgumentException>().WithMessage("*'Succeeded'*'^[a-z]+$'*");
        url.Should().Throw<ArgumentException>().WithMessage("*'/v1/x'*");
    }

    [Test]
    public void Custom_settings_name_properties_their_way_and_still_write_matchers()
    {
        var snake = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

        var body = JsonNode.Parse(Bodies.Json(new { MaxInstances = Match.Integer(3) }, snake))!;

        body["max_instances"]!["pact:matcher:type"]!.GetValue<string>().Should().Be("integer");
    }
}
