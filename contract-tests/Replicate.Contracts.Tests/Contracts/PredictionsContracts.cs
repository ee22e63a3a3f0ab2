using System.Net;
using System.Text.Json;
using Replicate.Contracts.Tests.Infrastructure;
using K = Replicate.Kiota.Models;
using Replicate.Generated;

namespace Replicate.Contracts.Tests.Contracts;

/// <summary>The predictions: list with filters, create on a version, get (including the 2025 status <c>aborted</c>), cancel.</summary>
public sealed class PredictionsContracts(ClientFlavour flavour) : ContractTest(flavour)
{
    private static readonly Dictionary<string, string> Existing = new() { ["id"] = Examples.PredictionId };

    internal static IMatcher PredictionPath(string suffix = "") =>
        Expect.Path("/v1/predictions/{id}" + suffix, ("id", Examples.PredictionId));

    internal static JsonElement Prompt { get; } = JsonDocument.Parse("""{"prompt":"a cat wearing a hat"}""").RootElement;

    [Test]
    public async Task List_sends_the_filters_and_returns_a_page()
    {
        PactBuilder.UponReceiving("a request to list web predictions created after a date")
            .Given("the account has web predictions")
            .WithRequest(HttpMethod.Get, "/v1/predictions")
            .WithQuery("created_after", Match.Regex(
                "2025-01-02T03:04:05.0000000+00:00", @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"))
            .WithQuery("source", "web")
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(Examples.Page(Examples.Prediction("succeeded")));

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var page = await new PredictionsClient(http).ListAsync(
                    new PredictionsListOptions { CreatedAfter = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), Source = PredictionsListSource.Web });
                page.Results.Should().ContainSingle().Which.Source.ToString().Should().Be("api");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var page = await replicate.Predictions.GetAsync(c =>
                {
                    c.QueryParameters.CreatedAfter = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
                    c.QueryParameters.Source = K.PredictionsListSource.Web;
                });
                page!.Results.Should().ContainSingle().Which.Source.Should().Be("api");
            });
    }

    [Test]
    public async Task Create_on_a_version_sends_the_wait_and_deadline_headers()
    {
        PactBuilder.UponReceiving("a request to run a model version, waiting up to 5 seconds, canceled after 30")
            .Given("a model version exists", new Dictionary<string, string> { ["version"] = Examples.VersionId })
            .WithRequest(HttpMethod.Post, "/v1/predictions")
            .AuthorizedJson()
            .WithHeader("Prefer", Match.Regex("wait=5", "^wait(=([1-9]|[1-5][0-9]|60))?$"))
            .WithHeader("Cancel-After", Match.Regex("30s", "^([0-9]+[smh])+$|^[0-9]+$"))
            .WithJsonBody(new { version = Match.Type(Examples.VersionId), input = new { prompt = Match.Type("a cat wearing a hat") } })
            .WillRespond()
            .WithStatus(HttpStatusCode.Created)
            .WithJsonBody(Examples.Prediction("succeeded"));

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var prediction = await new PredictionsClient(http).CreateAsync(
                    new VersionPredictionRequest { Version = Examples.VersionId, Input = Prompt }, new PredictionsCreateOptions { Prefer = "wait=5", CancelAfter = "30s" });
                prediction.Status.ToString().Should().Be("succeeded");
                prediction.Output.Should().BeOfType<JsonElement>().Which.ValueKind.Should().Be(JsonValueKind.Array, "output is any JSON value, here a list of URLs");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var prediction = await replicate.Predictions.PostAsync(
                    new K.VersionPredictionRequest { Version = Examples.VersionId, Input = new K.VersionPredictionRequestInput { AdditionalData = { ["prompt"] = "a cat wearing a hat" } } },
                    c =>
                    {
                        c.Headers.Add("Prefer", "wait=5");
                        c.Headers.Add("Cancel-After", "30s");
                    });
                prediction!.Status.Should().Be("succeeded");
                prediction.Output.Should().BeOfType<Microsoft.Kiota.Abstractions.Serialization.UntypedArray>("output is any JSON value, here a list of URLs");
            });
    }

    [Test]
    public async Task Get_returns_the_prediction_with_its_output()
    {
        PactBuilder.UponReceiving("a request for a prediction that succeeded")
            .Given("a prediction succeeded", Existing)
            .WithRequest("GET", PredictionPath())
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(Examples.Prediction("succeeded"));

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var prediction = await new PredictionsClient(http).GetAsync(Examples.PredictionId);
                prediction.Id.Should().Be(Examples.PredictionId);
                prediction.Metrics.Should().NotBeNull();
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var prediction = await replicate.Predictions[Examples.PredictionId].GetAsync();
                prediction!.Id.Should().Be(Examples.PredictionId);
                prediction.Metrics.Should().NotBeNull();
            });
    }

    [Test]
    public async Task Get_of_an_aborted_prediction_reads_the_new_status()
    {
        PactBuilder.UponReceiving("a request for a prediction aborted before it started")
            .Given("a prediction passed its Cancel-After deadline before starting", Existing)
            .WithRequest("GET", PredictionPath())
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(Examples.Prediction("aborted"));

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var prediction = await new PredictionsClient(http).GetAsync(Examples.PredictionId);
                prediction.Status.ToString().Should().Be("aborted", "a status added after the client was generated still reads");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var prediction = await replicate.Predictions[Examples.PredictionId].GetAsync();
                prediction!.Status.Should().Be("aborted", "a status added after the client was generated still reads");
            });
    }

    [Test]
    public async Task Cancel_answers_with_the_canceled_prediction()
    {
        PactBuilder.UponReceiving("a request to cancel a prediction")
            .Given("a prediction is running", Existing)
            .WithRequest("POST", PredictionPath("/cancel"))
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(Examples.Prediction("canceled"));

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var prediction = await new PredictionsClient(http).CancelAsync(Examples.PredictionId);
                prediction.Status.ToString().Should().Be("canceled");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var prediction = await replicate.Predictions[Examples.PredictionId].Cancel.PostAsync();
                prediction!.Status.Should().Be("canceled");
            });
    }
}
