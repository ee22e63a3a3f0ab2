using Replicate.Generated;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Replicate.Client.Errors;
using Replicate.Testing;

namespace Replicate.Client.Tests.Transport;

/// <summary>Auth, user agent, redirects and secrecy of the token.</summary>
public class PipelineTests
{
    [Test]
    public async Task Requests_to_the_api_carry_the_bearer_token_and_the_user_agent()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(200, TestClients.Prediction);
        using var client = TestClients.For(server, configure: o => o.ApplicationId = "acme-app/2.1");

        await client.Predictions.GetAsync("p1");

        var request = server.Requests.Single();
        request.Headers["Authorization"].Should().Be("Bearer " + TestClients.Token);
        request.Headers["User-Agent"].Should().MatchRegex(@"replicate-dotnet/\d+\.\d+\.\d+").And.Contain("acme-app/2.1");
    }

    [Test]
    public async Task A_redirect_to_another_host_is_followed_without_the_token()
    {
        await using var other = await ScriptedServer.StartAsync();
        other.Respond(200, TestClients.Prediction);
        await using var api = await ScriptedServer.StartAsync();
        api.Respond(context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = new Uri(other.ApiBase, "predictions/p1").ToString();
            return Task.CompletedTask;
        });
        using var client = TestClients.For(api);

        var prediction = await client.Predictions.GetAsync("p1");

        prediction.Id.Should().Be("p1");
        api.Requests.Single().Headers["Authorization"].Should().StartWith("Bearer ");
        other.Requests.Single().Headers.ContainsKey("Authorization").Should().BeFalse("the token goes only to the API origin");
    }

    [Test]
    public async Task A_redirect_within_the_api_keeps_the_token()
    {
        await using var api = await ScriptedServer.StartAsync();
        api.Respond(context =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = "/v1/predictions/p2";
            return Task.CompletedTask;
        }).Respond(200, TestClients.Prediction);
        using var client = TestClients.For(api);

        await client.Predictions.GetAsync("p1");

        api.Requests.Should().HaveCount(2);
        api.Requests[1].PathAndQuery.Should().Be("/v1/predictions/p2");
        api.Requests[1].Headers["Authorization"].Should().Be("Bearer " + TestClients.Token);
    }

    [Test]
    public async Task The_token_never_appears_in_logs_messages_or_ToString()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(503).Respond(401, """{"detail":"Invalid token."}""").Respond(500, "oops", "text/plain");
        var logs = new CapturingLoggerProvider();
        var options = new ReplicateClientOptions { BaseAddress = server.ApiBase, ApiToken = TestClients.Token, LoggerFactory = logs, TimeProvider = new FakeTimeProvider() };
        using var client = new ReplicateClient(options);
        var seen = new List<string>();

        foreach (var call in new Func<Task>[] { () => client.Predictions.GetAsync("p1"), () => client.Predictions.CreateAsync(new VersionPredictionRequest { Version = "v", Input = JsonDocument.Parse("{}").RootElement }) })
        {
            try
            {
                await call();
            }
            catch (ReplicateException e)
            {
                seen.Add(e.ToString());
                seen.Add(e.Message);
            }
        }

        seen.Should().HaveCount(4);
        seen.Add(options.ToString());
        seen.Add(client.ToString());
        seen.AddRange(logs.Lines);
        logs.Lines.Should().NotBeEmpty();
        seen.Should().NotContain(s => s.Contains(TestClients.Token, StringComparison.Ordinal));
        seen.Should().NotContain(s => s.Contains("TestTokenThatMustNeverLeak", StringComparison.Ordinal));
    }

    [Test]
    public void A_missing_token_is_a_clear_error_naming_the_environment_variable()
    {
        var previous = Environment.GetEnvironmentVariable("REPLICATE_API_TOKEN");
        Environment.SetEnvironmentVariable("REPLICATE_API_TOKEN", null);
        try
        {
            var act = () => new ReplicateClient();

            act.Should().Throw<InvalidOperationException>().WithMessage("*REPLICATE_API_TOKEN*");
        }
        finally
        {
            Environment.SetEnvironmentVariable("REPLICATE_API_TOKEN", previous);
        }
    }

    [Test]
    public async Task The_token_defaults_to_the_environment_variable()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(200, """{"type":"user","username":"me"}""");
        var previous = Environment.GetEnvironmentVariable("REPLICATE_API_TOKEN");
        Environment.SetEnvironmentVariable("REPLICATE_API_TOKEN", "r8_from_env");
        try
        {
            using var client = new ReplicateClient(new ReplicateClientOptions { BaseAddress = server.ApiBase });
            await client.Account.GetAsync();
        }
        finally
        {
            Environment.SetEnvironmentVariable("REPLICATE_API_TOKEN", previous);
        }

        server.Requests.Single().Headers["Authorization"].Should().Be("Bearer r8_from_env");
    }

    [Test]
    public void Options_are_frozen_once_a_client_is_built()
    {
        var options = new ReplicateClientOptions { ApiToken = "r8_x" };
        using var client = new ReplicateClient(options);

        options.IsFrozen.Should().BeTrue();
        FluentActions.Invoking(() => options.ApiToken = "r8_y").Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => options.Retry.MaxAttempts = 9).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => options.NetworkTimeout = TimeSpan.FromSeconds(1)).Should().Throw<InvalidOperationException>();
    }

    [TestCase("https://api.example.test/v1", "https://api.example.test/v1/")]
    [TestCase("https://api.example.test/v1/", "https://api.example.test/v1/")]
    public void The_base_address_gets_its_trailing_slash(string given, string expected)
    {
        new ReplicateClientOptions { BaseAddress = new Uri(given) }.BaseAddress.ToString().Should().Be(expected);
    }

    [TestCase("my app")]
    [TestCase("a/b/c d")]
    public void An_application_id_that_is_not_a_user_agent_product_is_refused(string id)
    {
        FluentActions.Invoking(() => new ReplicateClientOptions { ApplicationId = id }).Should().Throw<ArgumentException>();
    }

    [Test]
    public async Task Every_generated_resource_client_is_reachable_and_shares_the_pipeline()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(200, "[]");
        using var client = TestClients.For(server);

        var resources = new object[] { client.Account, client.Collections, client.Deployments, client.Files, client.Hardware, client.Models, client.Predictions, client.Search, client.Trainings, client.Webhooks };
        await client.Hardware.ListAsync();

        resources.Should().OnlyContain(r => r != null).And.HaveCount(10);
        server.Requests.Single().Headers["Authorization"].Should().StartWith("Bearer ");
    }

    [Test]
    public async Task Concurrent_calls_through_one_client_are_safe()
    {
        await using var server = await ScriptedServer.StartAsync();
        for (var i = 0; i < 50; i++)
        {
            server.Respond(200, TestClients.Prediction);
        }

        using var client = TestClients.For(server);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.Predictions.GetAsync("p1")));

        results.Should().HaveCount(50).And.OnlyContain(p => p.Id == "p1");
        server.Requests.Should().HaveCount(50).And.OnlyContain(r => r.Headers["Authorization"] == "Bearer " + TestClients.Token);
    }

}
