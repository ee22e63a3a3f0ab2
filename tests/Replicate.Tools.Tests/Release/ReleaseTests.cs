using System.Text.Json.Nodes;
using Replicate.Testing;
using Replicate.Tools.Drift;
using Replicate.Tools.Release;
using Replicate.Tools.Tests.Drift;

namespace Replicate.Tools.Tests.Release;

/// <summary>
/// The next version comes from the spec diff between the last release's baseline and the committed one: major on a
/// breaking change, minor on an addition, patch otherwise; a maintainer can raise the bump, never lower it.
/// </summary>
public class ReleaseTests
{
    private static void AddResponseProperty(JsonObject spec) =>
        spec.Schema("book")["properties"]!["isbn"] = JsonNode.Parse("""{"type":"string"}""");

    private static void RemovePath(JsonObject spec) => spec.At("/paths").Remove("/books/search");

    [TestCase("1.2.3", "patch", "1.2.4")]
    [TestCase("1.2.3", "minor", "1.3.0")]
    [TestCase("1.2.3", "major", "2.0.0")]
    [TestCase("0.9.9", "major", "1.0.0")]
    public void A_bump_resets_the_parts_below_it(string from, string bump, string to)
    {
        SemanticVersion.Parse(from).Next(Enum.Parse<VersionBump>(bump, ignoreCase: true)).ToString().Should().Be(to);
    }

    [TestCase("1.2")]
    [TestCase("1.2.3.4")]
    [TestCase("01.2.3")]
    [TestCase("1.2.3-beta")]
    [TestCase("1.2.3+spec.abc")]
    [TestCase("v1.2.3")]
    [TestCase("")]
    public void Only_plain_release_versions_are_accepted(string text)
    {
        SemanticVersion.TryParse(text, out _).Should().BeFalse($"'{text}' is no release version");
    }

    [Test]
    public void Versions_order_numerically_not_as_text()
    {
        SemanticVersion.Parse("1.10.0").Should().BeGreaterThan(SemanticVersion.Parse("1.9.9"));
        SemanticVersion.Parse("2.0.0").Should().BeGreaterThan(SemanticVersion.Parse("1.99.99"));
    }

    [Test]
    public void No_spec_change_since_the_release_is_a_patch()
    {
        using var repo = new ReleaseRepo("1.2.3");

        var plan = ReleasePlanner.Plan(repo.Files);

        plan.Next.Version.ToString().Should().Be("1.2.4");
        plan.Diff.Changes.Should().BeEmpty();
        plan.Raised.Should().BeFalse();
    }

    [Test]
    public void An_addition_to_the_API_is_a_minor_release()
    {
        using var repo = new ReleaseRepo("1.2.3", AddResponseProperty);

        var plan = ReleasePlanner.Plan(repo.Files);

        plan.Next.Version.ToString().Should().Be("1.3.0");
        plan.Diff.Changes.Select(c => c.Id).Should().Contain("response-optional-property-added");
        plan.Next.SpecSha256.Should().Be(ReleaseRepo.NewSpecSha, "the release records the spec the lock names");
    }

    [Test]
    public void A_breaking_change_is_a_major_release()
    {
        using var repo = new ReleaseRepo("1.2.3", RemovePath);

        ReleasePlanner.Plan(repo.Files).Next.Version.ToString().Should().Be("2.0.0");
    }

    [Test]
    public void The_maintainer_raises_the_bump_for_hand_written_changes_but_never_lowers_it()
    {
        using var unchanged = new ReleaseRepo("1.2.3");
        using var breaking = new ReleaseRepo("1.2.3", RemovePath);

        var raised = ReleasePlanner.Plan(unchanged.Files, VersionBump.Minor);
        var kept = ReleasePlanner.Plan(breaking.Files, VersionBump.Minor);

        raised.Next.Version.ToString().Should().Be("1.3.0");
        raised.Raised.Should().BeTrue();
        kept.Next.Version.ToString().Should().Be("2.0.0", "a breaking spec change is major whatever the maintainer asks");
        kept.Raised.Should().BeFalse();
    }

    [Test]
    public async Task A_pending_bump_in_version_json_raises_the_release_and_the_cut_clears_it()
    {
        using var repo = new ReleaseRepo("1.2.3");
        var version = JsonNode.Parse(File.ReadAllText(repo.Files.VersionJson))!;
        version["pending_bump"] = "major";
        File.WriteAllText(repo.Files.VersionJson, version.ToJsonString());

        ReleasePlanner.Plan(repo.Files).Next.Version.ToString().Should().Be("2.0.0", "a breaking C# change package validation refused needs the major");
        (await repo.RunAsync("release", "cut", "--date", "2026-12-02")).Exit.Should().Be(0);

        var written = JsonNode.Parse(File.ReadAllText(repo.Files.VersionJson))!;
        written["version"]!.GetValue<string>().Should().Be("2.0.0");
        written["pending_bump"].Should().BeNull("the release took the bump");
    }

    [Test]
    public void A_cut_writes_the_changelog_section_the_released_baseline_and_version_json_and_the_next_cut_starts_from_it()
    {
        using var repo = new ReleaseRepo("1.2.3", AddResponseProperty);
        File.WriteAllText(repo.Files.Changelog, Changelog.Header + "## 1.2.3 — 2026-01-01\n\nThe first.\n");

        ReleasePlanner.Apply(repo.Files, ReleasePlanner.Plan(repo.Files), new DateOnly(2026, 2, 3));
        var second = ReleasePlanner.Plan(repo.Files);
        ReleasePlanner.Apply(repo.Files, second, new DateOnly(2026, 3, 4));

        var state = ReleaseState.Load(repo.Files.VersionJson);
        state.Version.ToString().Should().Be("1.3.1", "the second release diffs against the first one's baseline: nothing changed since");
        state.SpecSha256.Should().Be(ReleaseRepo.NewSpecSha);
        File.ReadAllBytes(repo.Files.ReleasedBaseline).Should().Equal(File.ReadAllBytes(repo.Files.Paths.Baseline));
        var changelog = File.ReadAllText(repo.Files.Changelog);
        changelog.Should().StartWith(Changelog.Header);
        changelog.IndexOf("## 1.3.1 — 2026-03-04", StringComparison.Ordinal).Should().BeLessThan(changelog.IndexOf("## 1.3.0 — 2026-02-03", StringComparison.Ordinal), "newest first");
        changelog.IndexOf("## 1.3.0", StringComparison.Ordinal).Should().BeLessThan(changelog.IndexOf("## 1.2.3", StringComparison.Ordinal));
        changelog.Should().EndWith("The first.\n");
    }

    [Test]
    public void The_changelog_section_gives_the_spec_the_bump_and_the_diff_report_table()
    {
        using var repo = new ReleaseRepo("1.2.3", AddResponseProperty);

        var section = Changelog.Section(ReleasePlanner.Plan(repo.Files), new DateOnly(2026, 2, 3));

        section.Should().StartWith("## 1.3.0 — 2026-02-03\n\n")
            .And.Contain($"- Spec: sha256 `{ReleaseRepo.NewSpecSha[..12]}` (baseline `")
            .And.Contain($"1.2.3 was generated from `{ReleaseRepo.SpecSha[..12]}`")
            .And.Contain("- Version bump: **minor**, from the spec diff.")
            .And.Contain("### API changes since 1.2.3\n\n")
            .And.Contain("| Level | Rule | Operation | Change | Location |")
            .And.Contain("`response-optional-property-added`")
            .And.NotContain("Spec drift:", "the drift job's heading is replaced by the section's own");
    }

    [Test]
    public void The_changelog_says_so_when_nothing_changed_and_the_maintainer_raised_the_bump()
    {
        using var repo = new ReleaseRepo("1.2.3");

        var section = Changelog.Section(ReleasePlanner.Plan(repo.Files, VersionBump.Minor), new DateOnly(2026, 2, 3));

        section.Should().Contain("the same document as 1.2.3")
            .And.Contain("**minor**, raised by the maintainer (the spec diff alone implies patch)")
            .And.EndWith("No structural change.\n");
    }

    [Test]
    public void Unreleased_notes_move_into_the_next_release_section()
    {
        var changelog = Changelog.Prepend(null, "## 1.0.0 — 2026-01-01\n\nFirst.\n");
        changelog = changelog.Replace("## 1.0.0", "## Unreleased\n\n- Breaking: names are PascalCase.\n\n## 1.0.0", StringComparison.Ordinal);

        var released = Changelog.Prepend(changelog, "## 2.0.0 — 2026-02-02\n\nSpec.\n");

        released.Should().NotContain("## Unreleased", "the notes now belong to 2.0.0");
        released.IndexOf("## 2.0.0", StringComparison.Ordinal).Should().BeLessThan(released.IndexOf("- Breaking: names are PascalCase.", StringComparison.Ordinal));
        released.IndexOf("- Breaking: names are PascalCase.", StringComparison.Ordinal).Should().BeLessThan(released.IndexOf("## 1.0.0", StringComparison.Ordinal));
        released.Should().Contain("### Hand-written changes\n\n- Breaking: names are PascalCase.\n");
    }

    [Test]
    public void A_version_is_released_once()
    {
        var changelog = Changelog.Prepend(null, "## 1.0.0 — 2026-01-01\n\nFirst.\n");

        changelog.Should().StartWith(Changelog.Header);
        var again = () => Changelog.Prepend(changelog, "## 1.0.0 — 2026-02-02\n\nAgain.\n");
        again.Should().Throw<InvalidDataException>().WithMessage("*already has a section for 1.0.0*");
    }

    [Test]
    public void A_baseline_that_disagrees_with_the_lock_stops_the_release()
    {
        using var repo = new ReleaseRepo("1.2.3", AddResponseProperty);
        File.AppendAllText(repo.Files.Paths.Baseline, " ");

        var plan = () => ReleasePlanner.Plan(repo.Files);

        plan.Should().Throw<InvalidDataException>().WithMessage("*replicate.baseline.json does not match the lock*make accept-spec*");
    }

    [Test]
    public void A_released_baseline_that_is_not_the_one_version_json_names_stops_the_release()
    {
        using var repo = new ReleaseRepo("1.2.3");
        File.WriteAllText(repo.Files.ReleasedBaseline, SyntheticSpec.Text + "\n");

        var plan = () => ReleasePlanner.Plan(repo.Files);

        plan.Should().Throw<InvalidDataException>().WithMessage("*released*is not the baseline of release 1.2.3*");
    }

    [Test]
    public async Task Release_next_prints_only_the_version_on_stdout_and_the_reason_on_stderr()
    {
        using var repo = new ReleaseRepo("1.2.3", AddResponseProperty);

        var (exit, stdout, stderr) = await repo.RunAsync("release", "next");

        exit.Should().Be(0);
        stdout.Should().Be("1.3.0\n");
        stderr.Should().StartWith("release next: 1.3.0, a minor bump from 1.2.3; spec diff since that release: 0 breaking");
        ReleaseState.Load(repo.Files.VersionJson).Version.ToString().Should().Be("1.2.3", "next changes nothing");
    }

    [Test]
    public async Task Release_cut_writes_the_release_and_bad_input_exits_2()
    {
        using var repo = new ReleaseRepo("1.2.3", RemovePath);

        var cut = await repo.RunAsync("release", "cut", "--date", "2026-02-03", "--at-least", "minor");
        var badBump = await repo.RunAsync("release", "next", "--at-least", "huge");
        var badDate = await repo.RunAsync("release", "cut", "--date", "03/02/2026");
        File.Delete(repo.Files.VersionJson);
        var missing = await repo.RunAsync("release", "next");

        cut.Exit.Should().Be(0);
        cut.Out.Should().StartWith("release cut: 2.0.0, a major bump from 1.2.3");
        File.ReadAllText(repo.Files.Changelog).Should().Contain("## 2.0.0 — 2026-02-03").And.Contain("`api-path-removed`");
        badBump.Exit.Should().Be(2);
        badBump.Err.Should().Contain("--at-least must be patch, minor or major");
        badDate.Exit.Should().Be(2);
        missing.Exit.Should().Be(2);
        missing.Err.Should().Contain("version.json: no such file");
    }

    [Test]
    public void The_repository_release_files_agree_with_each_other()
    {
        var files = new ReleaseFiles(new Spec.RepoPaths(RepoRoot.Path));

        var state = ReleaseState.Load(files.VersionJson);

        ReleaseRepo.Sha(File.ReadAllText(files.ReleasedBaseline)).Should().Be(state.BaselineSha256,
            "openapi/released/ holds the baseline of the release version.json names");
        File.ReadAllLines(files.Changelog).Should().Contain(line => line.StartsWith($"## {state.Version} — ", StringComparison.Ordinal),
            "every release has its CHANGELOG section");
    }
}
