using System.Net;
using Replicate.Contracts.Tests.Infrastructure;
using K = Replicate.Kiota.Models;
using Replicate.Generated;

namespace Replicate.Contracts.Tests.Contracts;

/// <summary><c>GET /search</c>: the one operation the spec leaves anonymous (<c>security: []</c>).</summary>
public sealed class SearchContracts(ClientFlavour flavour) : ContractTest(flavour)
{
    [Test]
    public async Task Search_finds_models_collections_and_pages()
    {
        PactBuilder.UponReceiving("a search for models, collections and pages")
            .Given("models matching 'face restoration' exist")
            .WithRequest(HttpMethod.Get, "/v1/search")
            .WithQuery("query", "face restoration")
            .WithQuery("limit", Match.Integer(5))
            .WithHeader("Accept", Expect.Json)
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(new
            {
                query = "face restoration",
                models = Match.MinType(
                    new
                    {
                        model = Examples.Model("acme", "restore-faces"),
                        metadata = new { generated_description = Match.Type("Restores faces."), score = Match.Decimal(0.93), tags = Match.MinType("faces", 1) },
                    },
                    1),
                collections = Match.MinType(
                    new { name = Match.Type("Face restoration"), slug = Match.Type("face-restoration"), description = Match.Type("Fix faces."), models = Match.MinType("acme/restore-faces", 1) },
                    1),
                pages = Match.MinType(new { name = Match.Type("Restoring faces"), href = Match.Type("https://replicate.com/docs/guides/faces") }, 1),
            });

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var found = await new SearchClient(http).SearchAsync("face restoration", new SearchOptions { Limit = 5 });
                found.Query.Should().Be("face restoration");
                found.Models.Should().ContainSingle().Which.Model.Name.Should().Be("restore-faces");
                found.Collections.Should().ContainSingle();
                found.Pages.Should().ContainSingle();
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var found = await replicate.Search.GetAsync(c =>
                {
                    c.QueryParameters.Query = "face restoration";
                    c.QueryParameters.Limit = 5;
                });
                found!.Query.Should().Be("face restoration");
                found.Models.Should().ContainSingle().Which.Model!.Name.Should().Be("restore-faces");
                found.Collections.Should().ContainSingle();
                found.Pages.Should().ContainSingle();
            });
    }
}
