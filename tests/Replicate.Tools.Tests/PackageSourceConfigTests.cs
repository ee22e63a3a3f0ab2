using System.Text.RegularExpressions;
using Replicate.Testing;

namespace Replicate.Tools.Tests;

/// <summary>
/// The package configuration a fresh machine installs from: no registry host is named anywhere (the machines know
/// their sources), and the npm install behaves the same on every npm version (no lifecycle scripts).
/// </summary>
public partial class PackageSourceConfigTests
{
    [GeneratedRegex(@"registry\.npmjs\.(org|com)|registry\.yarnpkg\.com|api\.nuget\.org|www\.nuget\.org|pkgs\.dev\.azure\.com",
        RegexOptions.IgnoreCase)]
    private static partial Regex RegistryHost();

    private static Dictionary<string, string> NpmSettings() =>
        File.ReadAllLines(RepoRoot.Combine(".npmrc"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith(';'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0].Trim(), p => p.Length > 1 ? p[1].Trim() : "", StringComparer.Ordinal);

    [Test]
    public void Npm_keeps_download_addresses_out_of_the_lockfile()
    {
        NpmSettings().Should().Contain("omit-lockfile-registry-resolved", "true");
        File.ReadAllText(RepoRoot.Combine("package-lock.json")).Should().NotContain("\"resolved\"");
    }

    [Test]
    public void Npm_runs_no_install_scripts_whatever_its_version()
    {
        // swagger-mock-validator's postinstall (patch-package for another ajv version) fails a fresh `npm ci` on npm
        // versions that run dependency scripts; CI once failed on exactly that.
        NpmSettings().Should().Contain("ignore-scripts", "true");
        File.ReadAllText(RepoRoot.Combine("Makefile")).Should().Contain("npm ci --ignore-scripts");
    }

    [Test]
    public void No_tracked_file_names_a_package_registry_host()
    {
        var offenders = RepoRoot.TrackedFiles()
            .Where(f => File.Exists(RepoRoot.Combine(f)) && new FileInfo(RepoRoot.Combine(f)).Length < 5_000_000)
            .Where(f => RegistryHost().IsMatch(File.ReadAllText(RepoRoot.Combine(f))))
            .ToList();

        offenders.Should().BeEmpty("nuget.config and the npm configuration refer to sources by key only");
    }

    [Test]
    public void The_host_check_recognizes_registry_addresses()
    {
        // The addresses are assembled at run time so that this file, too, names no registry host.
        static string Host(params string[] labels) => string.Join('.', labels);

        RegistryHost().IsMatch($"\"resolved\": \"https://{Host("registry", "npmjs", "org")}/ajv/-/ajv-8.20.0.tgz\"").Should().BeTrue();
        RegistryHost().IsMatch($"<add key=\"nuget.org\" value=\"https://{Host("api", "nuget", "org")}/v3/index.json\" />").Should().BeTrue();
        RegistryHost().IsMatch("<packageSource key=\"nuget.org\">").Should().BeFalse("a source key is not a host");
    }
}
