using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Replicate.Testing;

namespace Replicate.Client.Tests.DependencyInjection;

/// <summary><c>services.AddReplicateClient(…)</c> over IHttpClientFactory.</summary>
public class DependencyInjectionTests
{
    [Test]
    public async Task The_client_resolves_and_calls_the_configured_base_url_with_the_pipeline()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(503).Respond(200, """{"type":"user","username":"me"}""");
        var services = new ServiceCollection();
        var builder = services.AddReplicateClient(o =>
        {
            o.BaseAddress = server.ApiBase;
            o.ApiToken = TestClients.Token;
            o.TimeProvider = new FakeTimeProvider();
        });
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<ReplicateClient>();
        var account = await client.Account.GetAsync();

        builder.Name.Should().Be(ReplicateServiceCollectionExtensions.HttpClientName);
        account.Username.Should().Be("me");
        server.Requests.Should().HaveCount(2, "the pipeline's retry is in the factory's handler chain");
        server.Requests.Should().OnlyContain(r => r.PathAndQuery == "/v1/account" && r.Headers["Authorization"] == "Bearer " + TestClients.Token);
    }

    [Test]
    public async Task Options_bind_from_a_configuration_section()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(503);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Replicate:BaseAddress"] = server.ApiBase.ToString().TrimEnd('/'),
            ["Replicate:ApiToken"] = TestClients.Token,
            ["Replicate:ApplicationId"] = "cfg-app/1.0",
            ["Replicate:NetworkTimeout"] = "00:00:30",
            ["Replicate:Retry:Enabled"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddReplicateClient(configuration.GetSection("Replicate"));
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<ReplicateClient>();
        var act = () => client.Account.GetAsync();

        await act.Should().ThrowAsync<Replicate.Client.Errors.ReplicateApiException>();
        client.Options.NetworkTimeout.Should().Be(TimeSpan.FromSeconds(30));
        server.Requests.Should().ContainSingle("retries are off in the configuration");
        server.Requests.Single().Headers["User-Agent"].Should().Contain("cfg-app/1.0");
    }

    [Test]
    public void A_bad_configuration_value_is_a_clear_error()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Replicate:ApiToken"] = "r8_x",
            ["Replicate:Retry:MaxAttempts"] = "many",
        }).Build();
        var services = new ServiceCollection();
        services.AddReplicateClient(configuration.GetSection("Replicate"));
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<ReplicateClient>();

        act.Should().Throw<FormatException>().WithMessage("*Replicate:Retry:MaxAttempts*many*whole number*");
    }
}
