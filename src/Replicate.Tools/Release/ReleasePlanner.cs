using Replicate.Tools.Drift;
using Replicate.Tools.Spec;

namespace Replicate.Tools.Release;

/// <summary>
/// Computes and applies a release: the bump comes from the spec diff between the previous release's baseline and
/// the committed one (major on a breaking change, minor on additions, patch otherwise), never lower than the
/// maintainer's minimum (for hand-written changes the spec cannot see).
/// </summary>
internal static class ReleasePlanner
{
    public static ReleasePlan Plan(ReleaseFiles files, VersionBump atLeast = VersionBump.Patch)
    {
        var previous = ReleaseState.Load(files.VersionJson);
        var store = new SpecStore(files.Paths);
        var lockNode = store.LoadLock() ?? throw new InvalidDataException($"{Relative(files, files.Paths.Lock)}: no such file; run 'make accept-spec'");
        var specSha = lockNode["sha256"]?.GetValue<string>() ?? throw new InvalidDataException("the lock has no sha256");
        var baselineSha = lockNode["baseline_sha256"]?.GetValue<string>() ?? throw new InvalidDataException("the lock has no baseline_sha256");

        RequireSha(files, files.Paths.Baseline, baselineSha,
            "does not match the lock's baseline_sha256; re-run 'make accept-spec' and commit baseline and lock together");
        RequireSha(files, files.ReleasedBaseline, previous.BaselineSha256,
            $"is not the baseline of release {previous.Version} (version.json baseline_sha256); restore it from that release's commit");

        var normalizer = store.CreateNormalizer();
        var diff = SpecDiffer.Compare(
            SpecDocument.Load(files.ReleasedBaseline, normalizer),
            SpecDocument.Load(files.Paths.Baseline, normalizer));
        // A bump recorded in version.json ("pending_bump", for a breaking C# change package validation refused) counts too.
        var pending = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(files.VersionJson))?["pending_bump"]?.GetValue<string>() switch
        {
            "major" => VersionBump.Major,
            "minor" => VersionBump.Minor,
            _ => VersionBump.Patch,
        };
        var bump = (VersionBump)Math.Max(Math.Max((int)diff.SuggestedBump, (int)atLeast), (int)pending);
        return new ReleasePlan(previous, new ReleaseState(previous.Version.Next(bump), specSha, baselineSha), diff, bump);
    }

    /// <summary>Writes the release: a CHANGELOG section, the released baseline copy, then version.json.</summary>
    public static void Apply(ReleaseFiles files, ReleasePlan plan, DateOnly date)
    {
        var existing = File.Exists(files.Changelog) ? File.ReadAllText(files.Changelog) : null;
        AtomicFile.WriteText(files.Changelog, Changelog.Prepend(existing, Changelog.Section(plan, date)));
        AtomicFile.Write(files.ReleasedBaseline, File.ReadAllBytes(files.Paths.Baseline));
        AtomicFile.WriteText(files.VersionJson, plan.Next.ToText());
    }

    private static void RequireSha(ReleaseFiles files, string path, string expected, string problem)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{Relative(files, path)}: no such file");
        }

        if (SpecPuller.Sha256Hex(File.ReadAllBytes(path)) != expected)
        {
            throw new InvalidDataException($"{Relative(files, path)} {problem}");
        }
    }

    private static string Relative(ReleaseFiles files, string path) => Path.GetRelativePath(files.Paths.Root, path);
}
