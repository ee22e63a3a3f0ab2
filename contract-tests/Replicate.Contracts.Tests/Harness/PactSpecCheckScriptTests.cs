using System.Diagnostics;
using Replicate.Testing;

namespace Replicate.Contracts.Tests.Harness;

/// <summary>
/// <c>scripts/pact-spec-check</c>, the step <c>make contract</c> and <c>make test</c> run, end to end: it fails with
/// exit code 1 on a pact that contradicts the spec, naming the finding, and it always demands every operation.
/// </summary>
public sealed class PactSpecCheckScriptTests
{
    [Test]
    public async Task The_step_fails_on_a_contradicting_pact_and_on_missing_operations()
    {
        var folder = Directory.CreateTempSubdirectory("replicate-pact-spec-check-");
        try
        {
            var pacts = Directory.CreateDirectory(Path.Combine(folder.FullName, "pacts")).FullName;
            await File.WriteAllTextAsync(Path.Combine(pacts, "crafted.json"), """
                {"consumer":{"name":"crafted"},"provider":{"name":"replicate-api"},
                 "metadata":{"pactSpecification":{"version":"4.0"}},
                 "interactions":[{"type":"Synchronous/HTTP","description":"hardware answered 204",
                   "request":{"method":"GET","path":"/v1/hardware","headers":{"Authorization":["Bearer r8_x"]}},
                   "response":{"status":204}}]}
                """);
            var start = new ProcessStartInfo(RepoRoot.Combine("scripts", "pact-spec-check"))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            // The checker of the configuration these tests were built in: bin/<configuration>/net10.0/.
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            foreach (var argument in new[] { configuration, "--pacts", pacts, "--work", Path.Combine(folder.FullName, "work") })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();

            process.ExitCode.Should().Be(1, await errors);
            (await output).Should().Contain("error response.status.unknown in \"hardware answered 204\" (GET /v1/hardware)")
                .And.Contain("contracts: 1/37 operations")
                .And.Contain("without an interaction: Account_Get")
                .And.EndWith("pact-vs-spec: FAILED\n");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
