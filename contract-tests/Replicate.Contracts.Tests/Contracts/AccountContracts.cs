using System.Net;
using Replicate.Contracts.Tests.Infrastructure;
using K = Replicate.Kiota.Models;
using Replicate.Generated;

namespace Replicate.Contracts.Tests.Contracts;

/// <summary><c>GET /account</c>, and a token the API rejects.</summary>
public sealed class AccountContracts(ClientFlavour flavour) : ContractTest(flavour)
{
    [Test]
    public async Task Get_returns_the_account_the_token_belongs_to()
    {
        PactBuilder.UponReceiving("a request for the account of the token")
            .Given("the token belongs to an organization")
            .WithRequest(HttpMethod.Get, "/v1/account")
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(new
            {
                type = Match.Regex("organization", "^(organization|user)$"),
                username = Match.Type("acme"),
                name = Match.Type("Acme Inc."),
                github_url = Match.Type("https://github.com/acme"),
                avatar_url = Match.Type("https://avatars.example.com/acme.png"),
            });

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var account = await new AccountClient(http).GetAsync();
                account.Username.Should().Be("acme");
                account.Type.ToString().Should().Be("organization");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var account = await replicate.Account.GetAsync();
                account!.Username.Should().Be("acme");
                account.Type.Should().Be("organization");
            });
    }

    [Test]
    public async Task A_token_the_API_rejects_is_a_401_problem()
    {
        PactBuilder.UponReceiving("a request for the account with a token that is not valid")
            .Given("the token is not valid")
            .WithRequest(HttpMethod.Get, "/v1/account")
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.Unauthorized)
            .WithJsonBody(Examples.Problem(401, "Unauthenticated", "You did not pass a valid authentication token"), Expect.Problem);

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var call = () => new AccountClient(http).GetAsync();
                var error = (await call.Should().ThrowAsync<ApiException>()).Which;
                error.StatusCode.Should().Be(401);
                error.Headers["Content-Type"].Should().ContainSingle().Which.Should().StartWith(Expect.Problem);
                error.Response.Should().Contain("valid authentication token", "the problem's detail reaches the caller");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var call = () => replicate.Account.GetAsync();
                var error = (await call.Should().ThrowAsync<Replicate.Client.Errors.ReplicateApiException>()).Which;
                error.StatusCode.Should().Be(401);
                error.Operation.Should().Be("GET /v1/account");
                error.ContentType.Should().StartWith(Expect.Problem);
                error.RawBody.Should().Contain("valid authentication token", "the problem's detail reaches the caller");
            });
    }
}
