using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Replicate.Testing;

namespace Replicate.Kiota.Tests;

/// <summary>
/// The Kiota generation the build runs (src/Replicate.Kiota/Replicate.Kiota.csproj): pinned (tool manifest, Kiota's lock),
/// deterministic (the pinned tool gives the same files from the same input, and they are the files the build compiled),
/// and incremental (a build with nothing changed does not run Kiota; a changed input does).
/// </summary>
[NonParallelizable]
public partial class KiotaGenerationTests
{
    private static readonly string Project = RepoRoot.Combine("src", "Replicate.Kiota", "Replicate.Kiota.csproj");
    private static readonly string KiotaDir = RepoRoot.Combine("src", "Replicate.Kiota", "obj", "kiota");

    // The build's own Kiota arguments, read from the project file: one place says how Kiota runs.
    private static string[] KiotaArguments() =>
        KiotaArgumentsProperty().Match(File.ReadAllText(Project)).Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex("<ReplicateKiotaArguments>([^<]+)</ReplicateKiotaArguments>")]
    private static partial Regex KiotaArgumentsProperty();

    private static string Configuration => Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(typeof(KiotaGenerationTests).Assembly.Location))!)!;

    [Test]
    public void The_tool_manifest_pins_the_generator_and_Kiota_lock_records_it_with_the_settings()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(RepoRoot.Combine(".config", "dotnet-tools.json")))!;
        var tool = manifest["tools"]!["microsoft.openapi.kiota"]!;
        var kiotaLock = JsonNode.Parse(File.ReadAllText(Path.Combine(KiotaDir, "client", "kiota-lock.json")))!;

        tool["version"]!.GetValue<string>().Should().MatchRegex(@"^\d+\.\d+\.\d+$", "an exact version, no range");
        tool["rollForward"]!.GetValue<bool>().Should().BeFalse("the pinned version and no other");
        kiotaLock["kiotaVersion"]!.GetValue<string>().Should().Be(tool["version"]!.GetValue<string>(), "the build ran the pinned tool");
        kiotaLock["clientClassName"]!.GetValue<string>().Should().Be("ReplicateKiotaClient");
        kiotaLock["clientNamespaceName"]!.GetValue<string>().Should().Be("Replicate.Kiota");
        kiotaLock["excludeBackwardCompatible"]!.GetValue<bool>().Should().BeTrue();
        var mediaTypes = KiotaArguments().Select((a, i) => (a, i)).Where(p => p.a == "-m").Select(p => KiotaArguments()[p.i + 1]);
        kiotaLock["structuredMimeTypes"]!.AsArray().Select(m => m!.GetValue<string>()).Should().Equal(mediaTypes);
    }

    [Test]
    public async Task The_pinned_Kiota_writes_the_same_client_from_the_same_input_and_it_is_what_the_build_compiled()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();

        foreach (var output in new[] { first.Path, second.Path })
        {
            var run = await RunAsync(RepoRoot.Path, "dotnet", ["kiota", "generate", .. KiotaArguments(), "-d", Path.Combine(KiotaDir, "replicate.kiota.json"), "-o", output]);
            run.Exit.Should().Be(0, run.Output);
        }

        var built = Files(Path.Combine(KiotaDir, "client"));
        Files(first.Path).Should().Equal(Files(second.Path), "same input, same tool, same settings: same code");
        Files(first.Path).Should().Equal(built, "the build compiled exactly what the pinned tool writes from the Kiota input");
        built.Keys.Should().Contain(Path.Combine("Predictions", "PredictionsRequestBuilder.cs"));
    }

    [Test]
    public async Task The_Kiota_input_is_written_the_same_way_every_time()
    {
        using var scratch = new TempFolder();
        var tool = RepoRoot.Combine("src", "Replicate.Tools", "bin", Configuration, "net10.0", "Replicate.Tools.dll");
        var cache = RepoRoot.Combine("openapi", ".cache", "replicate.openapi.json");
        string[] prose = File.Exists(cache) ? ["--prose", cache] : [];
        var main = Path.Combine(scratch.Path, "main.json");
        var query = Path.Combine(scratch.Path, "query.json");

        var run = await RunAsync(RepoRoot.Path, "dotnet", ["exec", tool, "generate", "kiota-input", "--root", RepoRoot.Path, .. prose, "--prose-rule", "structural", "--out", main, "--query-out", query]);

        run.Exit.Should().Be(0, run.Output);
        File.ReadAllText(main).Should().Be(File.ReadAllText(Path.Combine(KiotaDir, "replicate.kiota.json")));
        File.ReadAllText(query).Should().Be(File.ReadAllText(Path.Combine(KiotaDir, "replicate.kiota-query.json")));
        JsonNode.Parse(File.ReadAllText(main))!["paths"]!.AsObject().Select(p => p.Value!.AsObject()).Should()
            .NotContain(item => item.ContainsKey("query"), "Kiota's reader rejects the QUERY operation: it is written by hand");
        JsonNode.Parse(File.ReadAllText(query))!["paths"]!["/models"]!["post"]!["operationId"]!.GetValue<string>().Should().Be("Models_Search");
    }

    [Test]
    public async Task A_build_with_nothing_changed_skips_Kiota_and_a_changed_input_runs_it_again()
    {
        var stamp = Path.Combine(KiotaDir, "generated.stamp");
        var before = File.GetLastWriteTimeUtc(stamp);

        var unchanged = await GenerateAsync();
        unchanged.Exit.Should().Be(0, unchanged.Output);
        unchanged.Output.Should().Contain("Skipping target \"GenerateReplicateKiotaClient\"");
        File.GetLastWriteTimeUtc(stamp).Should().Be(before, "nothing changed, so Kiota did not run");

        File.SetLastWriteTimeUtc(Path.Combine(KiotaDir, "replicate.kiota.json"), DateTime.UtcNow);
        var changed = await GenerateAsync();
        changed.Exit.Should().Be(0, changed.Output);
        changed.Output.Should().NotContain("Skipping target \"GenerateReplicateKiotaClient\"");
        File.GetLastWriteTimeUtc(stamp).Should().BeAfter(before, "a newer Kiota input generates again");
    }

    private static Task<(int Exit, string Output)> GenerateAsync() =>
        RunAsync(RepoRoot.Path, "dotnet", ["msbuild", Project, "-t:GenerateReplicateKiotaClient", "-p:Configuration=" + Configuration, "-v:d", "-nologo"]);

    // Relative path -> content, Kiota's lock without the input's location (relative to the output folder).
    private static SortedDictionary<string, string> Files(string folder) =>
        new(Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".kiota.log", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => f.EndsWith("kiota-lock.json", StringComparison.Ordinal) ? WithoutLocation(f) : File.ReadAllText(f)), StringComparer.Ordinal);

    private static string WithoutLocation(string lockFile)
    {
        var node = JsonNode.Parse(File.ReadAllText(lockFile))!.AsObject();
        node.Remove("descriptionLocation");
        return node.ToJsonString();
    }

    private static async Task<(int Exit, string Output)> RunAsync(string directory, string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["KIOTA_OFFLINE_ENABLED"] = "true";
        start.Environment["KIOTA_TUTORIAL_ENABLED"] = "false";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("replicate-kiota-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
