using System.Net;
using System.Text.Json;
using Replicate.Contracts.Tests.Infrastructure;
using K = Replicate.Kiota.Models;
using Replicate.Generated;

namespace Replicate.Contracts.Tests.Contracts;

/// <summary>
/// The models: list, create, search (HTTP <c>QUERY</c> with a <c>text/plain</c> body), get, update, delete, examples,
/// the <c>text/plain</c> readme, predictions on an official model, and versions.
/// </summary>
public sealed class ModelsContracts(ClientFlavour flavour) : ContractTest(flavour)
{
    private static readonly IMatcher ModelPath = Expect.Path("/v1/models/{owner}/{name}", ("owner", "acme"), ("name", "hello-world"));
    private static readonly Dictionary<string, string> Existing = new() { ["owner"] = "acme", ["name"] = "hello-world" };
    private static readonly Dictionary<string, string> ExistingVersion = new() { ["owner"] = "acme", ["name"] = "hello-world", ["version"] = Examples.VersionId };

    private static IMatcher Under(string suffix, params (string Name, string Example)[] more) =>
        Expect.Path("/v1/models/{owner}/{name}" + suffix, [("owner", "acme"), ("name", "hello-world"), .. more]);

    [Test]
    public async Task List_sends_the_sort_order_and_returns_a_page()
    {
        PactBuilder.UponReceiving("a request to list models, oldest first")
            .Given("public models exist")
            .WithRequest(HttpMethod.Get, "/v1/models")
            .WithQuery("sort_by", "model_created_at")
            .WithQuery("sort_direction", "asc")
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(Examples.Page(Examples.Model()));

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var page = await new ModelsClient(http).ListAsync(new ModelsListOptions { SortBy = ModelsListSortBy.ModelCreatedAt, SortDirection = ModelsListSortDirection.Asc });
                page.Results.Should().ContainSingle().Which.Name.Should().Be("hello-world");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var page = await replicate.Models.GetAsync(c =>
                {
                    c.QueryParameters.SortBy = K.ModelsListSortBy.ModelCreatedAt;
                    c.QueryParameters.SortDirection = K.ModelsListSortDirection.Asc;
                });
                page!.Results.Should().ContainSingle().Which.Name.Should().Be("hello-world");
            });
    }

    [Test]
    public async Task Create_sends_the_required_fields_and_answers_201()
    {
        PactBuilder.UponReceiving("a request to create a private model")
            .Given("the account acme exists")
            .WithRequest(HttpMethod.Post, "/v1/models")
            .AuthorizedJson()
            .WithJsonBody(new { owner = "acme", name = "hello-world", visibility = "private", hardware = "cpu", description = Match.Type("Says hello.") })
            .WillRespond()
            .WithStatus(HttpStatusCode.Created)
            .WithJsonBody(Examples.Model());

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var model = await new ModelsClient(http).CreateAsync(new ModelsCreateRequest
                {
                    Owner = "acme",
                    Name = "hello-world",
                    Visibility = ModelVisibility.Private,
                    Hardware = "cpu",
                    Description = "Says hello.",
                });
                model.Owner.Should().Be("acme");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var model = await replicate.Models.PostAsync(new K.ModelsCreateRequest
                {
                    Owner = "acme",
                    Name = "hello-world",
                    Visibility = K.ModelsCreateRequestVisibility.Private,
                    Hardware = "cpu",
                    Description = "Says hello.",
                });
                model!.Owner.Should().Be("acme");
            });
    }

    [Test]
    public async Task Search_sends_the_text_as_a_plain_QUERY_body()
    {
        PactBuilder.UponReceiving("a QUERY search for models by plain text")
            .Given("public models exist")
            .WithRequest("QUERY", "/v1/models")
            .AuthorizedJson()
            .WithBody("upscale faces", "text/plain")
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(new { next = (string?)null, previous = (string?)null, results = Match.MinType(Examples.Model("acme", "upscaler"), 1) });

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var found = await new ModelsClient(http).SearchAsync("upscale faces");
                found.Results.Should().ContainSingle().Which.Name.Should().Be("upscaler");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var found = await replicate.Models.QueryAsync("upscale faces");
                found!.Results.Should().ContainSingle().Which.Name.Should().Be("upscaler");
            });
    }

    [Test]
    public async Task Get_returns_the_model_with_its_latest_version()
    {
        PactBuilder.UponReceiving("a request for a model")
            .Given("a model exists", Existing)
            .WithRequest("GET", ModelPath)
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(Examples.Model());

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var model = await new ModelsClient(http).GetAsync("acme", "hello-world");
                model.Visibility.ToString().Should().Be("public");
                model.RunCount.Should().Be(42);
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var model = await replicate.Models["acme"]["hello-world"].GetAsync();
                model!.Visibility.Should().Be("public");
                model.RunCount.Should().Be(42);
            });
    }

    [Test]
    public async Task Update_sends_only_the_changed_fields()
    {
        PactBuilder.UponReceiving("a request to change a model's readme")
            .Given("a model exists", Existing)
            .WithRequest("PATCH", ModelPath)
            .AuthorizedJson()
            .WithJsonBody(new { readme = "# Hello world" })
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(Examples.Model());

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var model = await new ModelsClient(http).UpdateAsync("acme", "hello-world", new ModelsUpdateRequest { Readme = "# Hello world" });
                model.Name.Should().Be("hello-world");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var model = await replicate.Models["acme"]["hello-world"].PatchAsync(new K.ModelsUpdateRequest { Readme = "# Hello world" });
                model!.Name.Should().Be("hello-world");
            });
    }

    [Test]
    public async Task Delete_answers_204_without_a_body()
    {
        PactBuilder.UponReceiving("a request to delete a model")
            .Given("a model without versions exists", Existing)
            .WithRequest("DELETE", ModelPath)
            .Authorized()
            .WillRespond()
            .WithStatus(HttpStatusCode.NoContent);

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                await new ModelsClient(http).DeleteAsync("acme", "hello-world");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                await replicate.Models["acme"]["hello-world"].DeleteAsync();
            });
    }

    [Test]
    public async Task Examples_list_returns_predictions()
    {
        PactBuilder.UponReceiving("a request for a model's examples")
            .Given("a model with examples exists", Existing)
            .WithRequest("GET", Under("/examples"))
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(Examples.Page(Examples.Prediction("succeeded")));

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var page = await new ModelsClient(http).ExamplesListAsync("acme", "hello-world");
                page.Results.Should().ContainSingle().Which.Status.ToString().Should().Be("succeeded");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var page = await replicate.Models["acme"]["hello-world"].Examples.GetAsync();
                page!.Results.Should().ContainSingle().Which.Status.Should().Be("succeeded");
            });
    }

    [Test]
    public async Task Readme_is_plain_text()
    {
        PactBuilder.UponReceiving("a request for a model's readme")
            .Given("a model with a readme exists", Existing)
            .WithRequest("GET", Under("/readme"))
            .Authorized()
            .WithHeader("Accept", "text/plain")
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithBody("# Hello world\n\nSays hello.\n", "text/plain");

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var readme = await new ModelsClient(http).ReadmeGetAsync("acme", "hello-world");
                readme.Should().Be("# Hello world\n\nSays hello.\n", "the readme is returned as text, not parsed as JSON");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var readme = await replicate.Models["acme"]["hello-world"].Readme.GetAsync();
                readme.Should().Be("# Hello world\n\nSays hello.\n", "the readme is returned as text, not parsed as JSON");
            });
    }

    [Test]
    public async Task Predictions_create_on_an_official_model_answers_202_while_it_runs()
    {
        PactBuilder.UponReceiving("a request to run an official model with a webhook")
            .Given("an official model exists", Existing)
            .WithRequest("POST", Under("/predictions"))
            .AuthorizedJson()
            .WithJsonBody(new
            {
                input = new { prompt = Match.Type("a cat wearing a hat") },
                webhook = Match.Type("https://example.com/replicate-webhook"),
                webhook_events_filter = new[] { "start", "completed" },
            })
            .WillRespond()
            .WithStatus(HttpStatusCode.Accepted)
            .WithJsonBody(Examples.Prediction("starting"));

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var prediction = await new ModelsClient(http).PredictionsCreateAsync("acme", "hello-world", new PredictionRequest
                {
                    Input = JsonDocument.Parse("""{"prompt":"a cat wearing a hat"}""").RootElement,
                    Webhook = "https://example.com/replicate-webhook",
                    WebhookEventsFilter = [WebhookEventType.Start, WebhookEventType.Completed],
                });
                prediction.Status.ToString().Should().Be("starting");
                prediction.Urls.Get.Authority.Should().Be(context.MockServerUri.Authority, "the poll URL is absolute, on the API's host");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var prediction = await replicate.Models["acme"]["hello-world"].Predictions.PostAsync(new K.PredictionRequest
                {
                    Input = new K.PredictionRequestInput { AdditionalData = { ["prompt"] = "a cat wearing a hat" } },
                    Webhook = "https://example.com/replicate-webhook",
                    WebhookEventsFilter = [K.WebhookEventsFilter.Start, K.WebhookEventsFilter.Completed],
                });
                prediction!.Status.Should().Be("starting");
                new Uri(prediction.Urls!.Get!).Authority.Should().Be(context.MockServerUri.Authority, "the poll URL is absolute, on the API's host");
            });
    }

    [Test]
    public async Task Versions_list_returns_a_page_of_versions()
    {
        PactBuilder.UponReceiving("a request to list a model's versions")
            .Given("a model exists", Existing)
            .WithRequest("GET", Under("/versions"))
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(Examples.Page(Examples.Version()));

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var page = await new ModelsClient(http).VersionsListAsync("acme", "hello-world");
                page.Results.Should().ContainSingle().Which.Id.Should().Be(Examples.VersionId);
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var page = await replicate.Models["acme"]["hello-world"].Versions.GetAsync();
                page!.Results.Should().ContainSingle().Which.Id.Should().Be(Examples.VersionId);
            });
    }

    [Test]
    public async Task Versions_get_returns_the_version_and_its_schema()
    {
        PactBuilder.UponReceiving("a request for a model version")
            .Given("a model version exists", ExistingVersion)
            .WithRequest("GET", Under("/versions/{version}", ("version", Examples.VersionId)))
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(Examples.Version());

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var version = await new ModelsClient(http).VersionsGetAsync("acme", "hello-world", Examples.VersionId);
                version.CogVersion.Should().Be("0.14.0");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var version = await replicate.Models["acme"]["hello-world"].Versions[Examples.VersionId].GetAsync();
                version!.CogVersion.Should().Be("0.14.0");
            });
    }

    [Test]
    public async Task Versions_delete_answers_202_without_a_body()
    {
        PactBuilder.UponReceiving("a request to delete a model version")
            .Given("a model version exists", ExistingVersion)
            .WithRequest("DELETE", Under("/versions/{version}", ("version", Examples.VersionId)))
            .Authorized()
            .WillRespond()
            .WithStatus(HttpStatusCode.Accepted);

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                await new ModelsClient(http).VersionsDeleteAsync("acme", "hello-world", Examples.VersionId);
            },
            async context =>
            {
                using var replicate = Kiota(context);
                await replicate.Models["acme"]["hello-world"].Versions[Examples.VersionId].DeleteAsync();
            });
    }
}
