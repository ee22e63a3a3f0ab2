using System.Text.Json;
using System.Text.Json.Nodes;

namespace Replicate.Testing.Tests.Spec;

/// <summary>The schema check the conformance walk relies on fails when it should (else the walk proves nothing).</summary>
public class SchemaCheckTests
{
    private static readonly JsonNode PredictionSchema = JsonNode.Parse("""{"$ref": "#/components/schemas/PredictionResponse"}""")!;

    private static JsonObject Prediction() => JsonNode.Parse("""
        {"id":"p1","model":"acme/m","version":"hidden","input":{},"output":null,"data_removed":false,"error":null,
         "status":"succeeded","created_at":"2026-01-01T00:00:00Z","urls":{"get":"http://x/p1","cancel":"http://x/p1/cancel","web":"http://x/p/p1"}}
        """)!.AsObject();

    [Test]
    public void A_valid_prediction_with_nullable_fields_set_to_null_passes()
    {
        Check(Prediction()).Should().BeEmpty("error is nullable in the baseline (nullable: true becomes a union with null)");
    }

    [Test]
    public void A_missing_required_field_is_reported()
    {
        var prediction = Prediction();
        prediction.Remove("urls");

        Check(prediction).Should().NotBeEmpty("urls is required");
    }

    [Test]
    public void A_wrongly_typed_field_inside_a_referenced_schema_is_reported()
    {
        var prediction = Prediction();
        prediction["urls"]!["get"] = 42;

        Check(prediction).Should().NotBeEmpty("urls.get is a string (checked through the $ref into $defs)");
    }

    [Test]
    public void Null_where_the_baseline_does_not_allow_it_is_reported()
    {
        var prediction = Prediction();
        prediction["id"] = null;

        Check(prediction).Should().NotBeEmpty("id is not nullable");
    }

    private static IReadOnlyList<string> Check(JsonObject body)
    {
        using var document = JsonDocument.Parse(body.ToJsonString());
        return BaselineSchemas.Problems(BaselineSchemas.For(PredictionSchema, "check-" + Guid.NewGuid()), document.RootElement);
    }
}
