using System.Text.Json;

namespace Replicate.Generated.Tests;

/// <summary>Server-owned string sets as extensible enums: what a caller relies on when Replicate adds a value.</summary>
public class ExtensibleEnumTests
{
    [Test]
    public void An_unknown_value_reads_round_trips_and_compares_by_its_exact_spelling()
    {
        var json = """{"id":"p1","status":"paused","created_at":"2026-01-02T03:04:05Z"}""";
        var prediction = JsonSerializer.Deserialize(json, ReplicateJsonSerializerContext.Default.PredictionResponse)!;

        prediction.Status.Should().Be(new PredictionStatus("paused"));
        prediction.Status.Should().NotBe(new PredictionStatus("Paused"), "equality is case-sensitive, as the wire is");
        (prediction.Status == "paused").Should().BeTrue("a string converts implicitly");
        prediction.Status.ToString().Should().Be("paused");
        JsonSerializer.Serialize(prediction, ReplicateJsonSerializerContext.Default.PredictionResponse).Should().Contain("\"status\":\"paused\"");
    }

    [Test]
    public void A_model_with_unset_free_form_json_writes_without_it_instead_of_throwing()
    {
        var written = JsonSerializer.Serialize(new VersionPredictionRequest { Version = "v1" }, ReplicateJsonSerializerContext.Default.VersionPredictionRequest);

        written.Should().Be("""{"version":"v1"}""");
    }

    [Test]
    public void Known_values_are_static_properties_with_the_wire_spelling()
    {
        PredictionStatus.Succeeded.Value.Should().Be("succeeded");
        WebhookEventType.Completed.Value.Should().Be("completed");
        ModelsListSortBy.LatestVersionCreatedAt.Value.Should().Be("latest_version_created_at");
        PredictionStatus.Succeeded.GetHashCode().Should().Be(new PredictionStatus("succeeded").GetHashCode());
        default(PredictionStatus).Value.Should().BeEmpty("an unset value is empty, not null");
        FluentActions.Invoking(() => new PredictionStatus(null!)).Should().Throw<ArgumentNullException>();
    }

    [Test]
    public void A_value_that_is_not_a_string_is_a_clear_error()
    {
        var act = () => JsonSerializer.Deserialize("""{"id":"p1","status":3}""", ReplicateJsonSerializerContext.Default.PredictionResponse);

        act.Should().Throw<JsonException>().WithMessage("*PredictionStatus is a JSON string, not Number*");
    }
}
