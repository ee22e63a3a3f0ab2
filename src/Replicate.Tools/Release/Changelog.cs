using System.Globalization;
using System.Text;
using Replicate.Tools.Drift;

namespace Replicate.Tools.Release;

/// <summary>
/// CHANGELOG.md: one section per release, newest first, each generated from the spec diff report of the release.
/// Maintainers may add notes on hand-written changes under a section before committing it.
/// </summary>
internal static class Changelog
{
    public const string Header = """
        # Changelog

        Every release of the packages Replicate.Client and Replicate.Generated (always the same version), newest first.
        `make release` writes each section from the spec diff between the previous release's baseline and the committed
        one; notes on hand-written changes go under the generated part.

        """;

    public static string Section(ReleasePlan plan, DateOnly date)
    {
        var (previous, next, diff) = (plan.Previous, plan.Next, plan.Diff);
        var md = new StringBuilder();
        md.Append("## ").Append(next.Version).Append(" — ").Append(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("\n\n");
        md.Append("- Spec: sha256 `").Append(next.SpecSha256[..12]).Append("` (baseline `").Append(next.BaselineSha256[..12]).Append("`)")
            .Append(next.SpecSha256 == previous.SpecSha256
                ? $", the same document as {previous.Version}.\n"
                : $"; {previous.Version} was generated from `{previous.SpecSha256[..12]}`.\n");
        md.Append("- Version bump: **").Append(DiffReport.Bump(plan.Bump)).Append("**")
            .Append(plan.Raised
                ? $", raised by the maintainer (the spec diff alone implies {DiffReport.Bump(plan.DiffBump)}).\n"
                : ", from the spec diff.\n");
        md.Append('\n');

        // The diff report's own markdown, under a heading of this section instead of the drift job's.
        var report = DiffReport.Markdown(diff, previous.Version.ToString(), next.Version.ToString());
        md.Append("### API changes since ").Append(previous.Version).Append("\n\n");
        md.Append(diff.Changes.Count == 0 ? "No structural change.\n" : report[(report.IndexOf("\n\n", StringComparison.Ordinal) + 2)..]);
        return md.ToString();
    }

    /// <summary>The heading of the notes on hand-written changes waiting for the next release.</summary>
    public const string UnreleasedHeading = "## Unreleased";

    /// <summary>
    /// Puts a section above the newest one, keeping the header; a version released twice is refused. Notes under
    /// <see cref="UnreleasedHeading"/> move into the new section (under "Hand-written changes").
    /// </summary>
    public static string Prepend(string? changelog, string section)
    {
        var text = changelog?.ReplaceLineEndings("\n") ?? Header;
        if (text.StartsWith(UnreleasedHeading + "\n", StringComparison.Ordinal) || text.Contains("\n" + UnreleasedHeading + "\n", StringComparison.Ordinal))
        {
            var start = text.StartsWith(UnreleasedHeading + "\n", StringComparison.Ordinal) ? 0 : text.IndexOf("\n" + UnreleasedHeading + "\n", StringComparison.Ordinal) + 1;
            var end = text.IndexOf("\n## ", start + UnreleasedHeading.Length, StringComparison.Ordinal);
            var notes = (end < 0 ? text[(start + UnreleasedHeading.Length)..] : text[(start + UnreleasedHeading.Length)..(end + 1)]).Trim('\n');
            text = text[..start] + (end < 0 ? string.Empty : text[(end + 1)..]);
            if (notes.Length > 0)
            {
                section = section.TrimEnd('\n') + "\n\n### Hand-written changes\n\n" + notes + "\n";
            }
        }

        var heading = section[..section.IndexOf('\n', StringComparison.Ordinal)];
        var version = heading.Split(' ')[1];
        if (text.Split('\n').Any(line => line.StartsWith("## " + version + " ", StringComparison.Ordinal)))
        {
            throw new InvalidDataException($"CHANGELOG.md already has a section for {version}");
        }

        var first = text.StartsWith("## ", StringComparison.Ordinal) ? 0 : text.IndexOf("\n## ", StringComparison.Ordinal);
        if (first < 0)
        {
            return text.TrimEnd('\n') + "\n\n" + section;
        }

        var at = first == 0 ? 0 : first + 1;
        return text[..at] + section + "\n" + text[at..];
    }
}
