using System.Net;
using Replicate.Contracts.Tests.Infrastructure;
using K = Replicate.Kiota.Models;
using Replicate.Client;

namespace Replicate.Contracts.Tests.Contracts;

/// <summary>
/// A list whose <c>next</c> is an absolute URL, followed exactly as given. The mock server serves <c>next</c> under its
/// own address (the pact keeps <c>https://api.replicate.com/v1/…</c>), so following it stays on loopback. Driven
/// through the hand-written pager (<c>ListAllAsync</c>).
/// </summary>
public sealed class PagingContracts(ClientFlavour flavour) : ContractTest(flavour)
{
    private const string Cursor = "c2Vjb25kLXBhZ2UtY3Vyc29y";

    [Test]
    public async Task Next_is_an_absolute_url_the_client_follows_to_the_last_page()
    {
        PactBuilder.UponReceiving("a request for the first page of predictions")
            .Given("the account has two pages of predictions")
            .WithRequest(HttpMethod.Get, "/v1/predictions")
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(new
            {
                next = Examples.ApiUrl("/v1/predictions?cursor=" + Cursor, @"/v1/predictions\?cursor=[A-Za-z0-9%=_-]+"),
                previous = (string?)null,
                results = Match.MinType(Examples.Prediction("succeeded"), 1),
            });
        PactBuilder.UponReceiving("a request for the second and last page of predictions")
            .Given("the account has two pages of predictions")
            .WithRequest(HttpMethod.Get, "/v1/predictions")
            .WithQuery("cursor", Match.Type(Cursor))
            .Authorized()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(new
            {
                next = (string?)null,
                previous = Examples.ApiUrl("/v1/predictions?cursor=Zmlyc3Q", @"/v1/predictions\?cursor=[A-Za-z0-9%=_-]+"),
                results = Match.MinType(Examples.Prediction("failed"), 1),
            });

        await VerifyAsync(
            async context =>
            {
                // The hand-written pager follows next exactly as given, through the pipeline (same origin, so with the token).
                using var replicate = HandWritten(context);
                var statuses = new List<string>();
                await foreach (var prediction in replicate.Predictions.ListAllAsync())
                {
                    statuses.Add(prediction.Status.Value);
                }

                statuses.Should().Equal("succeeded", "failed");
            },
            async context =>
            {
                // Kiota's way: the next page is the same request builder at the URL the page gives (WithUrl), through the pipeline.
                using var replicate = Kiota(context);
                var statuses = new List<string>();
                var page = await replicate.Predictions.GetAsync();
                for (var pages = 0; pages < 10; pages++)
                {
                    statuses.AddRange(page!.Results!.Select(p => p.Status!));
                    if (page.Next is not { } next)
                    {
                        break;
                    }

                    page = await replicate.Predictions.WithUrl(next).GetAsync();
                }

                statuses.Should().Equal("succeeded", "failed");
            });
    }
}
