using Replicate.Testing;

namespace Replicate.Tools.Tests;

/// <summary>
/// A throwaway repository root with the committed spec artifacts (baseline, lock, settings) and, optionally,
/// a good cached pull — the state a rejected pull must leave untouched. The cached pull is a copy of the committed
/// baseline (a valid OpenAPI document of the whole API), so these tests need no pulled upstream document.
/// </summary>
internal sealed class TempRepo : IDisposable
{
    public TempRepo(bool withCache = true, bool withBaseline = true)
    {
        Root = Directory.CreateTempSubdirectory("replicate-spec-").FullName;
        File.WriteAllText(Path.Combine(Root, "Replicate.Generated.sln"), string.Empty);
        File.Copy(RepoRoot.Combine("package.json"), Path.Combine(Root, "package.json"));
        Directory.CreateDirectory(Path.Combine(Root, "openapi"));
        File.Copy(RepoRoot.Combine("openapi", "normalizer.json"), Path.Combine(Root, "openapi", "normalizer.json"));
        if (withBaseline)
        {
            File.Copy(RepoRoot.Combine("openapi", "replicate.baseline.json"), Path.Combine(Root, "openapi", "replicate.baseline.json"));
            File.Copy(RepoRoot.Combine("openapi", "replicate.lock.json"), Path.Combine(Root, "openapi", "replicate.lock.json"));
        }

        if (withCache)
        {
            Directory.CreateDirectory(Path.Combine(Root, "openapi", ".cache"));
            File.Copy(RepoRoot.Combine("openapi", "replicate.baseline.json"), Path.Combine(Root, "openapi", ".cache", "replicate.openapi.json"));
            File.WriteAllText(Path.Combine(Root, "openapi", ".cache", "replicate.openapi.pull.json"),
                """{"source":"earlier-good-pull.json","sha256":"x","retrieved_at":"2026-01-02T03:04:05Z"}""" + "\n");
        }
    }

    public string Root { get; }

    public string OpenApi => Path.Combine(Root, "openapi");

    public string CachedSpec => Path.Combine(OpenApi, ".cache", "replicate.openapi.json");

    public string Baseline => Path.Combine(OpenApi, "replicate.baseline.json");

    /// <summary>Every file under openapi/ (cache included) with its bytes.</summary>
    public Dictionary<string, byte[]> Snapshot() =>
        Directory.EnumerateFiles(OpenApi, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(Root, f), File.ReadAllBytes);

    /// <summary>Runs the tool in-process against this root.</summary>
    public async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Program.RunAsync([.. args, "--root", Root], stdout, stderr, handler: null, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
