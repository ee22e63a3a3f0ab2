using Replicate.Tools.Drift;

namespace Replicate.Tools.Release;

/// <summary>
/// What a release would be: the previous release, the next one, and the spec diff between their baselines that
/// decides the bump.
/// </summary>
/// <param name="Previous">The last release, from <c>version.json</c>.</param>
/// <param name="Next">The release to make: next version, the accepted spec and its baseline.</param>
/// <param name="Diff">The spec diff from the previous release's baseline to the committed one.</param>
/// <param name="Bump">The bump applied: the diff's, raised to the maintainer's minimum when that is higher.</param>
internal sealed record ReleasePlan(ReleaseState Previous, ReleaseState Next, DiffResult Diff, VersionBump Bump)
{
    public VersionBump DiffBump => Diff.SuggestedBump;

    public bool Raised => Bump > DiffBump;
}
