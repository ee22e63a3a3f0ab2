using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Replicate.Testing;

namespace Replicate.Contracts.Tests.Harness;

/// <summary><c>make publish-pacts</c>: refuses clearly without a broker, and publishes with the version from git.</summary>
public sealed class PublishPactsTests
{
    private static readonly string[] BrokerVariables =
        ["PACT_BROKER_BASE_URL", "PACT_BROKER_TOKEN", "PACT_BROKER_USERNAME", "PACT_BROKER_PASSWORD", "PACT_CONSUMER_VERSION", "PACT_CONSUMER_BRANCH", "PACT_DIR"];

    private static async Task<(int ExitCode, string Output)> MakePublish(IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("make", "-s publish-pacts")
        {
            WorkingDirectory = RepoRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in BrokerVariables.Concat(["MAKEFLAGS", "MFLAGS", "MAKELEVEL"]))
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<string> Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = RepoRoot.Path, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Trim();
    }

    [Test]
    public async Task Without_a_broker_url_it_explains_what_to_set_and_fails()
    {
        var (exit, output) = await MakePublish(new Dictionary<string, string>());

        exit.Should().NotBe(0);
        output.Should().Contain("PACT_BROKER_BASE_URL is not set").And.Contain("PACT_BROKER_TOKEN");
    }

    [Test]
    public async Task Without_credentials_it_explains_what_to_set_and_fails()
    {
        var (exit, output) = await MakePublish(new Dictionary<string, string> { ["PACT_BROKER_BASE_URL"] = "http://127.0.0.1:9/" });

        exit.Should().NotBe(0);
        output.Should().Contain("no credentials").And.Contain("PACT_BROKER_USERNAME");
    }

    [Test]
    public async Task With_a_broker_it_publishes_each_pact_as_the_commit_on_its_branch()
    {
        var pacts = Directory.CreateTempSubdirectory("replicate-publish-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(pacts.FullName, "replicate-dotnet-replicate-api.json"), """
                {"consumer":{"name":"replicate-dotnet"},"provider":{"name":"replicate-api"},"interactions":[],
                 "metadata":{"pactSpecification":{"version":"4.0"}}}
                """);
            await using var broker = await LoopbackServer.StartAsync(async context =>
            {
                context.Response.ContentType = "application/hal+json";
                var self = $"http://{context.Request.Host}";
                await context.Response.WriteAsync(context.Request.Method == "GET"
                    ? """{"_links":{"pb:publish-contracts":{"href":""" + "\"" + self + "/contracts/publish\"}}}"
                    : """{"logs":[{"level":"info","message":"published"}],"_embedded":{},"_links":{}}""");
            });

            var (exit, output) = await MakePublish(new Dictionary<string, string>
            {
                ["PACT_BROKER_BASE_URL"] = broker.BaseAddress.ToString().TrimEnd('/'),
                ["PACT_BROKER_TOKEN"] = "broker-token",
                ["PACT_DIR"] = pacts.FullName,
            });

            exit.Should().Be(0, output);
            var publish = broker.Requests.Should().ContainSingle(r => r.Method == "POST").Subject;
            publish.Headers["Authorization"].Should().Be("Bearer broker-token");
            var body = JsonNode.Parse(publish.Body)!;
            body["pacticipantName"]!.GetValue<string>().Should().Be("replicate-dotnet");
            body["pacticipantVersionNumber"]!.GetValue<string>().Should().Be(await Git("describe", "--tags", "--always", "--abbrev=12", "--dirty"));
            body["branch"]!.GetValue<string>().Should().Be(await Git("rev-parse", "--abbrev-ref", "HEAD"));
            var contract = body["contracts"]!.AsArray().Should().ContainSingle().Subject!;
            contract["providerName"]!.GetValue<string>().Should().Be("replicate-api");
            Encoding.UTF8.GetString(Convert.FromBase64String(contract["content"]!.GetValue<string>())).Should().Contain("replicate-dotnet");
        }
        finally
        {
            pacts.Delete(recursive: true);
        }
    }
}
