using System.Net;
using Replicate.Contracts.Tests.Infrastructure;
using K = Replicate.Kiota.Models;
using Replicate.Generated;

namespace Replicate.Contracts.Tests.Contracts;

/// <summary><c>GET /collections</c> and <c>GET /collections/{slug}</c>.</summary>
public sealed class CollectionsContracts(ClientFlavour flavour) : ContractTest(flavour)
{
    [Test]
    public async Task List_returns_a_page_of_collections()
    {
        PactBuilder.UponReceiving("a request to list collections")
            .Given("collections exist")
            .WithRequest(HttpMethod.Get, "/v1/collections")
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(Examples.Page(new
            {
                name = Match.Type("Upscalers"),
                slug = Match.Type("upscalers"),
                description = Match.Type("Models that make images larger."),
            }));

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var page = await new CollectionsClient(http).ListAsync();
                page.Results.Should().ContainSingle().Which.Slug.Should().Be("upscalers");
                page.Next.Should().BeNull();
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var page = await replicate.Collections.GetAsync();
                page!.Results.Should().ContainSingle().Which.Slug.Should().Be("upscalers");
                page.Next.Should().BeNull();
            });
    }

    [Test]
    public async Task Get_returns_the_collection_with_its_models()
    {
        PactBuilder.UponReceiving("a request for a collection")
            .Given("a collection exists", new Dictionary<string, string> { ["slug"] = "upscalers" })
            .WithRequest("GET", Expect.Path("/v1/collections/{slug}", ("slug", "upscalers")))
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(new
            {
                name = Match.Type("Upscalers"),
                slug = Match.Type("upscalers"),
                description = Match.Type("Models that make images larger."),
                full_description = Match.Type("Models that make images larger, with detail."),
                models = Match.MinType(Examples.Model(), 1),
            });

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var collection = await new CollectionsClient(http).GetAsync("upscalers");
                collection.Models.Should().ContainSingle().Which.Owner.Should().Be("acme");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var collection = await replicate.Collections["upscalers"].GetAsync();
                collection!.Models.Should().ContainSingle().Which.Owner.Should().Be("acme");
            });
    }
}
