using System.Text.Json;
using Replicate.Client.Webhooks;
using Replicate.Generated;

namespace Replicate.Client.Tests.Conventions;

/// <summary>
/// A downstream team substitutes the clients in its own unit tests: virtual members, a protected constructor on the
/// resource clients, response models built with an initializer or from the API's JSON. No server, no token.
/// </summary>
public class MockingTests
{
    [Test]
    public async Task A_substituted_resource_client_serves_the_code_under_test()
    {
        using var replicate = new StubReplicateClient();

        var prediction = await replicate.Predictions.GetAsync("p1");
        var page = await replicate.Predictions.ListAsync(new PredictionsListOptions { Source = PredictionsListSource.Web });

        prediction.Status.Should().Be(PredictionStatus.Succeeded);
        prediction.Output.GetString().Should().Be("a cat");
        page.Results.Should().ContainSingle().Which.Id.Should().Be("from-the-fake");
        ((FakePredictions)replicate.Predictions).Calls.Should().Equal("get p1", "list web");
    }

    [Test]
    public async Task The_library_runs_over_a_substituted_generated_client()
    {
        // The hand-written secret provider calls the generated client: a fake of it is all the test needs.
        using var provider = new WebhookSecretProvider(new FakeWebhooks());

        var secret = await provider.GetSecretAsync();

        secret.Should().NotBeNull("the provider read the secret from the fake's response");
    }

    [Test]
    public void The_model_factory_reads_the_api_json_and_a_client_built_for_mocking_says_so_when_used()
    {
        var prediction = ReplicateModelFactory.PredictionResponse("""{"id":"p9","status":"brand_new","created_at":"2026-01-02T03:04:05Z","unknown_field":1}""");
        prediction.Id.Should().Be("p9");
        prediction.Status.Should().Be(new PredictionStatus("brand_new"), "an unknown status reads as itself");
        prediction.CreatedAt.Should().Be(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        FluentActions.Invoking(() => ReplicateModelFactory.PredictionResponse("[]")).Should().Throw<JsonException>();

        var unconnected = new FakePredictions();
        FluentActions.Awaiting(() => unconnected.CancelAsync("p1")).Should().ThrowAsync<InvalidOperationException>()
            .WithMessage("*created without an HttpClient*override*");
    }

    private sealed class StubReplicateClient() : ReplicateClient(new ReplicateClientOptions { ApiToken = "test" })
    {
        public override PredictionsClient Predictions { get; } = new FakePredictions();
    }

    private sealed class FakePredictions : PredictionsClient
    {
        public List<string> Calls { get; } = [];

        public override Task<PredictionResponse> GetAsync(string predictionId, CancellationToken cancellationToken = default)
        {
            Calls.Add("get " + predictionId);
            return Task.FromResult(new PredictionResponse { Id = predictionId, Status = PredictionStatus.Succeeded, Output = JsonDocument.Parse("\"a cat\"").RootElement });
        }

        public override Task<PaginatedPredictionResponse> ListAsync(PredictionsListOptions options, CancellationToken cancellationToken = default)
        {
            Calls.Add("list " + options.Source);
            return Task.FromResult(new PaginatedPredictionResponse { Results = [new PredictionResponse { Id = "from-the-fake" }] });
        }
    }

    private sealed class FakeWebhooks : WebhooksClient
    {
        public override Task<WebhooksDefaultSecretGetResponse> DefaultSecretGetAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(new WebhooksDefaultSecretGetResponse { Key = "whsec_" + Convert.ToBase64String(new byte[32]) });
    }
}
