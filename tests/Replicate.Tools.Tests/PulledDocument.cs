using Replicate.Testing;

namespace Replicate.Tools.Tests;

/// <summary>
/// Replicate's own document, as `make pull` caches it. Only the few checks that need upstream's raw text use it (its
/// prose, its un-normalized names); without a pull they are skipped with one line, never failed: `make test` passes
/// offline, and no test compares the pull with the baseline — that is the drift gate's job.
/// </summary>
internal static class PulledDocument
{
    public const string NotRun = "not run: no pulled document";

    /// <summary>The cached pull's path; skips the calling test when there is none.</summary>
    public static string Path
    {
        get
        {
            var path = RepoRoot.Combine("openapi", ".cache", "replicate.openapi.json");
            if (!File.Exists(path))
            {
                Assert.Ignore(NotRun);
            }

            return path;
        }
    }

    /// <summary>The cached pull's text; skips the calling test when there is none.</summary>
    public static string Text => File.ReadAllText(Path);
}
