using System.Net;
using System.Text.Json;

namespace Replicate.Generated.Tests.Hostile;

/// <summary>A null in a field the spec calls required costs that field, not the object or the page it is on.</summary>
public class NullToleranceTests
{
    [Test]
    public async Task A_file_page_with_a_null_expiry_reads_whole()
    {
        const string Page = """
            {"next":null,"previous":null,"results":[
              {"id":"f1","checksums":{"sha256":"x"},"content_type":"text/plain","created_at":"2026-01-02T03:04:05Z","expires_at":null,"metadata":{},"size":null,"urls":{"get":"https://api.replicate.com/v1/files/f1"}},
              {"id":"f2","checksums":{"sha256":"y"},"content_type":"text/plain","created_at":"2026-01-02T03:04:05Z","expires_at":"2026-01-03T03:04:05Z","metadata":{},"size":5,"urls":{"get":"https://api.replicate.com/v1/files/f2"}}]}
            """;
        var stub = new StubHandler(HttpStatusCode.OK, body: Page);
        using var http = stub.Client();

        var page = await new FilesClient(http).ListAsync();

        page.Results.Should().HaveCount(2);
        page.Results![0].ExpiresAt.Should().Be(default, "the null reads as the default, the rest of the file is kept");
        page.Results[0].Size.Should().Be(0);
        page.Results[1].ExpiresAt.Should().Be(new DateTimeOffset(2026, 1, 3, 3, 4, 5, TimeSpan.Zero));
        page.Results[1].Size.Should().Be(5);
    }

    [Test]
    public void A_prediction_with_null_required_values_reads_and_a_wrong_type_is_still_an_error()
    {
        var prediction = ReplicateModelFactory.PredictionResponse("""{"id":"p1","status":null,"created_at":null,"data_removed":null}""");
        prediction.Status.Value.Should().BeEmpty();
        prediction.CreatedAt.Should().Be(default);
        prediction.DataRemoved.Should().BeFalse();

        FluentActions.Invoking(() => ReplicateModelFactory.PredictionResponse("""{"id":"p1","created_at":42}""")).Should().Throw<JsonException>();
    }
}
