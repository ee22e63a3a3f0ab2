using System.Diagnostics;
using System.Reflection;
using Replicate.Consumer.Tests.Loopback;

namespace Replicate.Consumer.Tests;

/// <summary>
/// The packages in a native-AOT application (tests/Replicate.AotSmoke, published by <c>make smoke</c> with trim and AOT
/// analyzer warnings as errors): the native binary creates a prediction and waits for it against a loopback server.
/// </summary>
public class NativeAotTests
{
    private const string Token = "r8_NativeAotSmokeToken0123456789abcdef";

    [Test]
    public async Task A_native_AOT_app_creates_a_prediction_and_waits_until_it_succeeds()
    {
        var binary = Path.Combine(RepoRoot(), "artifacts", "smoke", "aot", "Replicate.AotSmoke");
        File.Exists(binary).Should().BeTrue($"'make smoke' publishes the native-AOT app to {binary}");
        await using var api = await ScriptedReplicate.StartAsync();
        api.Respond(201, Bodies.Prediction("p1", "starting"))
            .Respond(200, Bodies.Prediction("p1", "processing"))
            .Respond(200, Bodies.Prediction("p1", "succeeded", output: "\"{root}files/out.png\""));

        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { api.ApiBase.ToString(), "acme/upscaler", "a cat" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["REPLICATE_API_TOKEN"] = Token;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        process.ExitCode.Should().Be(0, "the app succeeds: {0}", await stderr);
        (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal("p1", "succeeded", $"\"{api.Root}files/out.png\"");
        api.Requests.Select(r => r.Line).Should().Equal(
            "POST /v1/models/acme/upscaler/predictions", "GET /v1/predictions/p1", "GET /v1/predictions/p1");
        api.Requests[0].Text.Should().Contain("\"prompt\":\"a cat\"");
        api.Requests.Should().OnlyContain(r => r.Headers["Authorization"] == "Bearer " + Token);
    }

    private static string RepoRoot() =>
        Path.GetFullPath(Path.Combine(typeof(NativeAotTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ReplicatePackageFeed").Value!, "..", ".."));
}
