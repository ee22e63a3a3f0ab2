using System.Net;
using System.Text.Json;
using Replicate.Contracts.Tests.Infrastructure;
using K = Replicate.Kiota.Models;
using Replicate.Generated;

namespace Replicate.Contracts.Tests.Contracts;

/// <summary>The trainings: create on a version, list, get, cancel.</summary>
public sealed class TrainingsContracts(ClientFlavour flavour) : ContractTest(flavour)
{
    private static readonly IMatcher TrainingPath = Expect.Path("/v1/trainings/{id}", ("id", "w2ksd8ne4rqh6yzt1bxm9cfa3j"));
    private static readonly Dictionary<string, string> Existing = new() { ["id"] = "w2ksd8ne4rqh6yzt1bxm9cfa3j" };

    [Test]
    public async Task Create_starts_a_training_into_a_destination_model()
    {
        PactBuilder.UponReceiving("a request to train a model version into another model")
            .Given("a trainable model version and a destination model exist")
            .WithRequest("POST", Expect.Path(
                "/v1/models/{owner}/{name}/versions/{version}/trainings", ("owner", "acme"), ("name", "base-model"), ("version", Examples.VersionId)))
            .AuthorizedJson()
            .WithJsonBody(new { destination = "acme/tuned", input = new { input_images = Match.Type("https://example.com/images.zip") } })
            .WillRespond()
            .WithStatus(HttpStatusCode.Created)
            .WithJsonBody(Examples.Training("starting"));

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var training = await new TrainingsClient(http).CreateAsync("acme", "base-model", Examples.VersionId, new TrainingRequest
                {
                    Destination = "acme/tuned",
                    Input = JsonDocument.Parse("""{"input_images":"https://example.com/images.zip"}""").RootElement,
                });
                training.Status.ToString().Should().Be("starting");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var training = await replicate.Models["acme"]["base-model"].Versions[Examples.VersionId].Trainings.PostAsync(new K.TrainingRequest
                {
                    Destination = "acme/tuned",
                    Input = new K.TrainingRequestInput { AdditionalData = { ["input_images"] = "https://example.com/images.zip" } },
                });
                training!.Status.Should().Be("starting");
            });
    }

    [Test]
    public async Task List_returns_a_page_of_trainings()
    {
        PactBuilder.UponReceiving("a request to list trainings")
            .Given("the account has a training")
            .WithRequest(HttpMethod.Get, "/v1/trainings")
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(Examples.Page(Examples.Training("succeeded")));

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var page = await new TrainingsClient(http).ListAsync();
                page.Results.Should().ContainSingle().Which.Output!.Version.Should().StartWith("acme/tuned:");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var page = await replicate.Trainings.GetAsync();
                page!.Results.Should().ContainSingle().Which.Output!.Version.Should().StartWith("acme/tuned:");
            });
    }

    [Test]
    public async Task Get_returns_the_training()
    {
        PactBuilder.UponReceiving("a request for a training")
            .Given("a training exists", Existing)
            .WithRequest("GET", TrainingPath)
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(Examples.Training("succeeded"));

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var training = await new TrainingsClient(http).GetAsync("w2ksd8ne4rqh6yzt1bxm9cfa3j");
                training.Status.ToString().Should().Be("succeeded");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var training = await replicate.Trainings["w2ksd8ne4rqh6yzt1bxm9cfa3j"].GetAsync();
                training!.Status.Should().Be("succeeded");
            });
    }

    [Test]
    public async Task Cancel_answers_with_the_canceled_training()
    {
        PactBuilder.UponReceiving("a request to cancel a training")
            .Given("a training is running", Existing)
            .WithRequest("POST", Expect.Path("/v1/trainings/{id}/cancel", ("id", "w2ksd8ne4rqh6yzt1bxm9cfa3j")))
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(Examples.Training("canceled"));

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var training = await new TrainingsClient(http).CancelAsync("w2ksd8ne4rqh6yzt1bxm9cfa3j");
                training.Status.ToString().Should().Be("canceled");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var training = await replicate.Trainings["w2ksd8ne4rqh6yzt1bxm9cfa3j"].Cancel.PostAsync();
                training!.Status.Should().Be("canceled");
            });
    }
}
