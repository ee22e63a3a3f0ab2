using System.Diagnostics;
using Replicate.Testing;

namespace Replicate.Contracts.Tests.Harness;

/// <summary>
/// <c>scripts/pact-spec-check</c>, the step <c>make contract</c> and <c>make test</c> run, end to end: it fails with
/// exit code 1 on a pact that contradicts the spec, naming the finding, and on an operation of the last release that lost
/// its contract; an operation new since the last release without one is listed as owed.
/// </summary>
public sealed class PactSpecCheckScriptTests
{
    private static int BaselineOperations =>
        System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RepoRoot.Combine("openapi", "replicate.lock.json")))!["operations"]!.GetValue<int>();

    [Test]
    public async Task The_step_fails_on_a_contradicting_pact_and_on_operations_of_the_last_release_without_a_contract()
    {
        var (exit, output, errors) = await RunAsync("""
            {"consumer":{"name":"crafted"},"provider":{"name":"replicate-api"},
             "metadata":{"pactSpecification":{"version":"4.0"}},
             "interactions":[{"type":"Synchronous/HTTP","description":"hardware answered 204",
               "request":{"method":"GET","path":"/v1/hardware","headers":{"Authorization":["Bearer r8_x"]}},
               "response":{"status":204}}]}
            """, released: null);

        exit.Should().Be(1, errors);
        output.Should().Contain("error response.status.unknown in \"hardware answered 204\" (GET /v1/hardware)")
            .And.Contain($"contracts: 1/{BaselineOperations} operations")
            .And.MatchRegex(@"without an interaction \(operations of the last release[^)]*\): Account_Get")
            .And.EndWith("pact-vs-spec: FAILED\n");
    }

    [Test]
    public async Task Operations_new_since_the_last_release_are_owed_and_do_not_fail_the_step()
    {
        // The "last release" knew only GET /hardware, and its contract is kept: everything else is new since then.
        var released = """
            {"openapi":"3.1.0","info":{"title":"t","version":"1"},
             "paths":{"/hardware":{"get":{"operationId":"Hardware_List","responses":{"200":{"description":""}}}}}}
            """;
        var (exit, output, errors) = await RunAsync("""
            {"consumer":{"name":"crafted"},"provider":{"name":"replicate-api"},
             "metadata":{"pactSpecification":{"version":"4.0"}},
             "interactions":[{"type":"Synchronous/HTTP","description":"the hardware",
               "request":{"method":"GET","path":"/v1/hardware","headers":{"Authorization":["Bearer r8_x"]}},
               "response":{"status":200,"headers":{"Content-Type":["application/json"]},"body":[{"name":"CPU","sku":"cpu"}]}}]}
            """, released);

        exit.Should().Be(0, output + errors);
        output.Should().Contain($"contracts: 1/{BaselineOperations} operations")
            .And.Contain("owed (new since the last release, no contract yet): Account_Get")
            .And.NotContain("without an interaction")
            .And.EndWith("pact-vs-spec: OK\n");
    }

    private static async Task<(int Exit, string Output, string Errors)> RunAsync(string pact, string? released)
    {
        var folder = Directory.CreateTempSubdirectory("replicate-pact-spec-check-");
        try
        {
            var pacts = Directory.CreateDirectory(Path.Combine(folder.FullName, "pacts")).FullName;
            await File.WriteAllTextAsync(Path.Combine(pacts, "crafted.json"), pact);
            var start = new ProcessStartInfo(RepoRoot.Combine("scripts", "pact-spec-check"))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            // The checker of the configuration these tests were built in: bin/<configuration>/net10.0/.
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            List<string> arguments = [configuration, "--pacts", pacts, "--work", Path.Combine(folder.FullName, "work")];
            if (released is not null)
            {
                var file = Path.Combine(folder.FullName, "released.json");
                await File.WriteAllTextAsync(file, released);
                arguments.AddRange(["--released", file]);
            }

            arguments.ForEach(start.ArgumentList.Add);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output, await errors);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
