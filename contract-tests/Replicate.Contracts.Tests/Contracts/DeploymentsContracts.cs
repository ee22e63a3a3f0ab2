using System.Net;
using System.Text.Json;
using Replicate.Contracts.Tests.Infrastructure;
using K = Replicate.Kiota.Models;
using Replicate.Generated;

namespace Replicate.Contracts.Tests.Contracts;

/// <summary>The deployments: list, create, get, update, delete, and predictions on a deployment.</summary>
public sealed class DeploymentsContracts(ClientFlavour flavour) : ContractTest(flavour)
{
    private static readonly IMatcher DeploymentPath = Expect.Path("/v1/deployments/{owner}/{name}", ("owner", "acme"), ("name", "my-deployment"));
    private static readonly Dictionary<string, string> Existing = new() { ["owner"] = "acme", ["name"] = "my-deployment" };

    [Test]
    public async Task List_returns_a_page_of_deployments()
    {
        PactBuilder.UponReceiving("a request to list deployments")
            .Given("the account has a deployment")
            .WithRequest(HttpMethod.Get, "/v1/deployments")
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(Examples.Page(Examples.Deployment()));

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var page = await new DeploymentsClient(http).ListAsync();
                page.Results.Should().ContainSingle().Which.CurrentRelease!.Configuration!.Hardware.Should().Be("gpu-t4");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var page = await replicate.Deployments.GetAsync();
                page!.Results.Should().ContainSingle().Which.CurrentRelease!.Configuration!.Hardware.Should().Be("gpu-t4");
            });
    }

    [Test]
    public async Task Create_sends_the_whole_configuration()
    {
        PactBuilder.UponReceiving("a request to create a deployment")
            .Given("the model acme/hello-world has a version")
            .WithRequest(HttpMethod.Post, "/v1/deployments")
            .AuthorizedJson()
            .WithJsonBody(new
            {
                name = "my-deployment",
                model = "acme/hello-world",
                version = Match.Type(Examples.VersionId),
                hardware = "gpu-t4",
                min_instances = 0,
                max_instances = 2,
            })
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(Examples.Deployment());

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var deployment = await new DeploymentsClient(http).CreateAsync(new DeploymentsCreateRequest
                {
                    Name = "my-deployment",
                    Model = "acme/hello-world",
                    Version = Examples.VersionId,
                    Hardware = "gpu-t4",
                    MinInstances = 0,
                    MaxInstances = 2,
                });
                deployment.Name.Should().Be("my-deployment");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var deployment = await replicate.Deployments.PostAsync(new K.DeploymentsCreateRequest
                {
                    Name = "my-deployment",
                    Model = "acme/hello-world",
                    Version = Examples.VersionId,
                    Hardware = "gpu-t4",
                    MinInstances = 0,
                    MaxInstances = 2,
                });
                deployment!.Name.Should().Be("my-deployment");
            });
    }

    [Test]
    public async Task Get_returns_the_deployment_and_its_release()
    {
        PactBuilder.UponReceiving("a request for a deployment")
            .Given("a deployment exists", Existing)
            .WithRequest("GET", DeploymentPath)
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(Examples.Deployment());

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var deployment = await new DeploymentsClient(http).GetAsync("acme", "my-deployment");
                deployment.CurrentRelease!.Number.Should().Be(1);
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var deployment = await replicate.Deployments["acme"]["my-deployment"].GetAsync();
                deployment!.CurrentRelease!.Number.Should().Be(1);
            });
    }

    [Test]
    public async Task Update_sends_only_the_changed_settings()
    {
        PactBuilder.UponReceiving("a request to change a deployment's maximum instances")
            .Given("a deployment exists", Existing)
            .WithRequest("PATCH", DeploymentPath)
            .AuthorizedJson()
            .WithJsonBody(new { max_instances = 3 })
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(Examples.Deployment());

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var deployment = await new DeploymentsClient(http).UpdateAsync("acme", "my-deployment", new DeploymentsUpdateRequest { MaxInstances = 3 });
                deployment.Owner.Should().Be("acme");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var deployment = await replicate.Deployments["acme"]["my-deployment"].PatchAsync(new K.DeploymentsUpdateRequest { MaxInstances = 3 });
                deployment!.Owner.Should().Be("acme");
            });
    }

    [Test]
    public async Task Delete_answers_204_without_a_body()
    {
        PactBuilder.UponReceiving("a request to delete a deployment")
            .Given("a deployment exists", Existing)
            .WithRequest("DELETE", DeploymentPath)
            .Authorized()
            .WillRespond()
            .WithStatus(HttpStatusCode.NoContent);

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                await new DeploymentsClient(http).DeleteAsync("acme", "my-deployment");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                await replicate.Deployments["acme"]["my-deployment"].DeleteAsync();
            });
    }

    [Test]
    public async Task Predictions_create_waits_then_answers_201_with_the_prediction()
    {
        PactBuilder.UponReceiving("a request to run a deployment, waiting for the result")
            .Given("a deployment exists", Existing)
            .WithRequest("POST", Expect.Path("/v1/deployments/{owner}/{name}/predictions", ("owner", "acme"), ("name", "my-deployment")))
            .AuthorizedJson()
            .WithHeader("Prefer", Match.Regex("wait=5", "^wait(=([1-9]|[1-5][0-9]|60))?$"))
            .WithJsonBody(new { input = new { prompt = Match.Type("a cat wearing a hat") } })
            .WillRespond()
            .WithStatus(HttpStatusCode.Created)
            .WithJsonBody(Examples.Prediction("succeeded"));

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var prediction = await new DeploymentsClient(http).PredictionsCreateAsync(
                    "acme", "my-deployment", new PredictionRequest { Input = JsonDocument.Parse("""{"prompt":"a cat wearing a hat"}""").RootElement }, new DeploymentsPredictionsCreateOptions { Prefer = "wait=5" });
                prediction.Status.ToString().Should().Be("succeeded");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var prediction = await replicate.Deployments["acme"]["my-deployment"].Predictions.PostAsync(
                    new K.PredictionRequest { Input = new K.PredictionRequestInput { AdditionalData = { ["prompt"] = "a cat wearing a hat" } } },
                    c => c.Headers.Add("Prefer", "wait=5"));
                prediction!.Status.Should().Be("succeeded");
            });
    }
}
