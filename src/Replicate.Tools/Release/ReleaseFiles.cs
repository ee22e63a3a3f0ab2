using Replicate.Tools.Spec;

namespace Replicate.Tools.Release;

/// <summary>The files a release reads and writes, beside the spec artifacts of <see cref="RepoPaths"/>.</summary>
internal sealed class ReleaseFiles(RepoPaths paths)
{
    public RepoPaths Paths { get; } = paths;

    /// <summary>The last release: version and spec (read by eng/Packaging.targets at every build).</summary>
    public string VersionJson => Path.Combine(Paths.Root, "version.json");

    /// <summary>A copy of the baseline the last release was generated from: the "old" side of the next release's diff.</summary>
    public string ReleasedBaseline => Path.Combine(Paths.OpenApiDir, "released", "replicate.baseline.json");

    public string Changelog => Path.Combine(Paths.Root, "CHANGELOG.md");
}
