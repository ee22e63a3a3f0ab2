using System.Net;
using Replicate.Contracts.Tests.Infrastructure;
using K = Replicate.Kiota.Models;
using Replicate.Generated;

namespace Replicate.Contracts.Tests.Contracts;

/// <summary><c>GET /hardware</c>: a bare array, not a list envelope.</summary>
public sealed class HardwareContracts(ClientFlavour flavour) : ContractTest(flavour)
{
    [Test]
    public async Task List_returns_a_bare_array_of_hardware()
    {
        PactBuilder.UponReceiving("a request to list hardware")
            .WithRequest(HttpMethod.Get, "/v1/hardware")
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(Match.MinType(new { name = Match.Type("Nvidia T4 GPU"), sku = Match.Type("gpu-t4") }, 1));

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var hardware = await new HardwareClient(http).ListAsync();
                hardware.Should().ContainSingle().Which.Sku.Should().Be("gpu-t4");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var hardware = await replicate.Hardware.GetAsync();
                hardware.Should().ContainSingle().Which.Sku.Should().Be("gpu-t4");
            });
    }
}
