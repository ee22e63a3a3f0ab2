using System.Diagnostics;
using System.Text.RegularExpressions;
using Replicate.Testing;
using Replicate.Tools.Normalization;

namespace Replicate.Generated.Tests;

/// <summary>
/// Generation reads the cached pull when there is one (doc comments included), else the committed prose-free
/// baseline. Both must give the same C#: same types, members and code, differing only in comments and in the
/// response descriptions NSwag puts into exception messages.
/// </summary>
public partial class GenerationInputTests
{
    [GeneratedRegex(@"^\s*///.*$\n?", RegexOptions.Multiline)]
    private static partial Regex DocComment();

    [GeneratedRegex(@"(throw new ApiException(<\w+>)?\()""(?:[^""\\]|\\.)*""")]
    private static partial Regex ExceptionMessage();

    [GeneratedRegex(@"^\s*$\n", RegexOptions.Multiline)]
    private static partial Regex BlankLine();

    [Test]
    public async Task Cached_pull_and_committed_baseline_generate_the_same_code()
    {
        var work = Directory.CreateTempSubdirectory("replicate-gen-").FullName;
        try
        {
            var normalizer = new Normalizer(NormalizerOptions.Load(RepoRoot.Combine("openapi", "normalizer.json")));
            var fromPull = Path.Combine(work, "pull.json");
            await File.WriteAllTextAsync(fromPull, normalizer.NormalizeText(await File.ReadAllTextAsync(RepoRoot.CachedSpec)));
            var fromBaseline = Path.Combine(work, "baseline.json");
            await File.WriteAllTextAsync(fromBaseline, normalizer.NormalizeText(await File.ReadAllTextAsync(RepoRoot.Combine("openapi", "replicate.baseline.json"))));

            var pullCode = await GenerateAsync(fromPull, Path.Combine(work, "pull.g.cs"));
            var baselineCode = await GenerateAsync(fromBaseline, Path.Combine(work, "baseline.g.cs"));

            pullCode.Should().Contain("///", "the pulled document carries doc comments");
            Strip(baselineCode).Should().Be(Strip(pullCode));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Strip(string code) =>
        BlankLine().Replace(ExceptionMessage().Replace(DocComment().Replace(code, string.Empty), "$1\"…\""), string.Empty);

    private static async Task<string> GenerateAsync(string input, string output)
    {
        var nswag = RepoRoot.Combine("node_modules", "nswag", "bin", "binaries", "Net100", "dotnet-nswag.dll");
        File.Exists(nswag).Should().BeTrue("npm ci installs NSwag before the build ('make test' runs it)");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoRoot.Combine("src", "Replicate.Generated"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "exec", nswag, "run", "nswag.json", $"/variables:Input={input},Output={output}" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, "NSwag failed: {0}{1}", await stdout, await stderr);
        return await File.ReadAllTextAsync(output);
    }
}
