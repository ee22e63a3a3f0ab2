using System.Diagnostics;
using System.Text.Json.Nodes;
using Replicate.Testing;
using Replicate.Tools.Release;

namespace Replicate.Tools.Tests.Release;

/// <summary>
/// The version eng/Packaging.targets stamps, as MSBuild evaluates it: the release when the build's spec is the
/// released one, otherwise a pre-release of the next patch that names the spec.
/// </summary>
public class PackageVersionTests
{
    private static async Task<JsonObject> EvaluateAsync(string specSha)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "msbuild", "src/Replicate.Client/Replicate.Client.csproj", "-nologo",
                     "-getProperty:Version", "-getProperty:PackageVersion", "-getProperty:InformationalVersion", "-getProperty:PackageReleaseNotes",
                     $"-p:ReplicateSpecSha256={specSha}" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, errors + output);
        return JsonNode.Parse(output)!["Properties"]!.AsObject();
    }

    [Test]
    public async Task A_build_from_the_released_spec_is_the_release_with_the_spec_prefix_as_build_metadata()
    {
        var release = ReleaseState.Load(RepoRoot.Combine("version.json"));

        var properties = await EvaluateAsync(release.SpecSha256);

        if (PendingBump() is { } bump)
        {
            // "pending_bump" in version.json: changes on the way need that bump, so even the released spec builds a pre-release of it.
            properties["Version"]!.GetValue<string>().Should().Be($"{release.Version.Next(bump)}-dev.spec-{release.SpecSha256[..12]}");
            properties["PackageReleaseNotes"]!.GetValue<string>().Should().Contain(release.SpecSha256);
            return;
        }

        properties["Version"]!.GetValue<string>().Should().Be(release.Version.ToString());
        properties["PackageVersion"]!.GetValue<string>().Should().Be($"{release.Version}+spec.{release.SpecSha256[..12]}");
        properties["InformationalVersion"]!.GetValue<string>().Should().Be($"{release.Version}+spec.{release.SpecSha256[..12]}");
        properties["PackageReleaseNotes"]!.GetValue<string>().Should().Contain(release.SpecSha256);
    }

    [Test]
    public async Task A_build_from_any_other_spec_is_a_dev_pre_release_of_the_next_patch()
    {
        var release = ReleaseState.Load(RepoRoot.Combine("version.json"));
        const string other = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

        var properties = await EvaluateAsync(other);

        var expected = $"{release.Version.Next(PendingBump() ?? Replicate.Tools.Drift.VersionBump.Patch)}-dev.spec-0123456789ab";
        properties["Version"]!.GetValue<string>().Should().Be(expected, "it sorts after the release and before any next release");
        properties["PackageVersion"]!.GetValue<string>().Should().Be(expected);
        properties["PackageReleaseNotes"]!.GetValue<string>().Should().Contain(other);
    }

    // The repository's "pending_bump" (major or minor), if version.json has one.
    private static Replicate.Tools.Drift.VersionBump? PendingBump() =>
        System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RepoRoot.Combine("version.json")))!["pending_bump"]?.GetValue<string>() switch
        {
            "major" => Replicate.Tools.Drift.VersionBump.Major,
            "minor" => Replicate.Tools.Drift.VersionBump.Minor,
            _ => null,
        };
}
