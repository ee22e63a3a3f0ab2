using System.Net;
using Replicate.Contracts.Tests.Infrastructure;
using K = Replicate.Kiota.Models;
using Replicate.Generated;

namespace Replicate.Contracts.Tests.Contracts;

/// <summary><c>GET /webhooks/default/secret</c>: the signing key webhook verification needs.</summary>
public sealed class WebhooksContracts(ClientFlavour flavour) : ContractTest(flavour)
{
    [Test]
    public async Task Default_secret_is_a_whsec_key()
    {
        PactBuilder.UponReceiving("a request for the default webhook signing secret")
            .WithRequest(HttpMethod.Get, "/v1/webhooks/default/secret")
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(new { key = Match.Regex("whsec_Y29udHJhY3QtdGVzdC1zaWduaW5nLWtleQ==", "^whsec_[A-Za-z0-9+/=]+$") });

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var secret = await new WebhooksClient(http).DefaultSecretGetAsync();
                secret.Key.Should().StartWith("whsec_");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var secret = await replicate.Webhooks.Default.Secret.GetAsync();
                secret!.Key.Should().StartWith("whsec_");
            });
    }
}
