using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Replicate.Client;
using Replicate.Generated;

namespace Replicate.Consumer.Tests;

/// <summary>
/// What a downstream team gets from the local feed: both packages at one version, each with its README, XML docs and
/// a symbol package; metadata that names the spec; no dependency on the repository's tools.
/// </summary>
public partial class PackageTests
{
    private static readonly Assembly Self = typeof(PackageTests).Assembly;
    private static readonly string Version = Metadata(Self, "ReplicatePackageVersion");
    private static readonly string Feed = Metadata(Self, "ReplicatePackageFeed");

    // A release is x.y.z+spec.<sha12>; a build from any other spec is x.y.z-dev.spec-<sha12>.
    [GeneratedRegex(@"^\d+\.\d+\.\d+(\+spec\.(?<sha>[0-9a-f]{12})|-dev\.spec-(?<sha>[0-9a-f]{12}))$")]
    private static partial Regex PackageVersion();

    // Every package eng/Packages.slnf packs (the feed is the repository's artifacts/packages): no list to keep here.
    public static IEnumerable<string> Packages() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Feed, "..", "..", "eng", "Packages.slnf")))!["solution"]!["projects"]!.AsArray()
            .Select(p => Path.GetFileNameWithoutExtension(p!.GetValue<string>()));

    /// <summary>The libraries and the MCP server's dotnet tool package.</summary>
    public static IEnumerable<string> AllPackages() => [.. Packages(), "Replicate.Mcp"];

    [TestCaseSource(nameof(Packages))]
    public void A_package_carries_its_readme_xml_docs_and_a_symbol_package(string id)
    {
        using var package = Open(id, "nupkg");
        using var symbols = Open(id, "snupkg");

        // A dotnet tool package (the MCP server) carries its assemblies under tools/, with their symbols beside them.
        var tool = package.Entries.Any(e => e.FullName.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal));
        var folder = tool ? "tools/net10.0/any" : "lib/net10.0";
        package.Entries.Select(e => e.FullName).Should().Contain(["README.md", $"{folder}/{id}.dll", $"{folder}/{id}.xml"]);
        Nuspec(package).Element("readme")!.Value.Should().Be("README.md", "the package page shows the packed README");
        Read(package, "README.md").Should().StartWith($"# {id}");
        if (!tool)
        {
            Read(package, "README.md").Should().Contain("```csharp", "the README shows how to use the package");
        }

        // Every public member is documented (CS1591 is an error in the build); here: the docs travel in the package.
        XDocument.Parse(Read(package, $"{folder}/{id}.xml")).Descendants("member").Should().NotBeEmpty("the public API's docs are packed");
        symbols.Entries.Concat(package.Entries).Select(e => e.FullName).Should().Contain($"{folder}/{id}.pdb");
    }

    [TestCaseSource(nameof(AllPackages))]
    public void A_package_names_its_license_authors_tags_and_the_spec_it_was_generated_from(string id)
    {
        using var package = Open(id, "nupkg");
        var nuspec = Nuspec(package);

        nuspec.Element("id")!.Value.Should().Be(id);
        nuspec.Element("license")!.Attribute("type")!.Value.Should().Be("expression");
        nuspec.Element("license")!.Value.Should().Be("MIT");
        nuspec.Element("authors")!.Value.Should().NotBeNullOrWhiteSpace();
        nuspec.Element("description")!.Value.Should().Contain("Replicate");
        nuspec.Element("tags")!.Value.Split(' ').Should().Contain("replicate");
        nuspec.Element("repository")!.Attribute("commit")!.Value.Should().MatchRegex("^[0-9a-f]{40}$", "the package names the commit it was built from");

        var version = nuspec.Element("version")!.Value;
        var match = PackageVersion().Match(version);
        match.Success.Should().BeTrue($"'{version}' must carry the spec's sha256 prefix");
        version.Should().StartWith(Version);
        nuspec.Element("releaseNotes")!.Value.Should().MatchRegex($"sha256 {match.Groups["sha"].Value}[0-9a-f]{{52}}", "the release notes give the spec's full sha256");
    }

    [Test]
    public void Replicate_Client_depends_on_exactly_its_own_Replicate_Generated_and_on_no_repository_tool()
    {
        using var client = Open("Replicate.Client", "nupkg");
        using var generated = Open("Replicate.Generated", "nupkg");

        var dependencies = Dependencies(client);
        dependencies.Should().ContainKey("Replicate.Generated").WhoseValue.Should().Be($"[{Version}]",
            "Replicate.Client uses Replicate.Generated's internals, so only the same build fits");
        dependencies.Keys.Should().NotContain(k => k.StartsWith("Replicate.Tools", StringComparison.Ordinal));
        dependencies.Keys.Should().BeEquivalentTo(["Replicate.Generated", "Polly.Core", "Microsoft.Kiota.Http.HttpClientLibrary",
            "Microsoft.Extensions.Http", "Microsoft.Extensions.Logging.Abstractions", "System.Threading.RateLimiting"],
            "Redis comes only with Replicate.Client.Redis");
        using var redis = Open("Replicate.Client.Redis", "nupkg");
        Dependencies(redis).Should().ContainKey("Replicate.Client").WhoseValue.Should().Be($"[{Version}]");
        Dependencies(redis).Keys.Should().BeEquivalentTo(["Replicate.Client", "RedisRateLimiting", "StackExchange.Redis"]);
        Dependencies(generated).Should().BeEmpty("the generated clients need nothing beyond .NET");
        client.Entries.Concat(generated.Entries).Should().NotContain(e => e.FullName.Contains("Replicate.Tools", StringComparison.Ordinal));
    }

    [Test]
    public void Replicate_Kiota_depends_on_exactly_its_own_Replicate_Client_and_the_Kiota_runtime()
    {
        using var kiota = Open("Replicate.Kiota", "nupkg");

        var dependencies = Dependencies(kiota);
        dependencies.Should().ContainKey("Replicate.Client").WhoseValue.Should().Be($"[{Version}]",
            "the Kiota flavour sends through Replicate.Client's internal pipeline, so only the same build fits");
        dependencies.Keys.Should().BeEquivalentTo(["Replicate.Client", "Microsoft.Kiota.Abstractions", "Microsoft.Kiota.Http.HttpClientLibrary",
            "Microsoft.Kiota.Serialization.Json", "Microsoft.Kiota.Serialization.Text", "Microsoft.Kiota.Serialization.Form", "Microsoft.Kiota.Serialization.Multipart"]);
        dependencies.Where(d => d.Key.StartsWith("Microsoft.Kiota.", StringComparison.Ordinal)).Select(d => d.Value).Distinct()
            .Should().ContainSingle("one Kiota runtime version across the repository");
        kiota.Entries.Should().NotContain(e => e.FullName.Contains("Replicate.Tools", StringComparison.Ordinal));
    }

    [Test]
    public void The_assemblies_in_use_came_from_the_packages_and_name_their_spec()
    {
        var deps = JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(Self.Location, ".deps.json")))!["libraries"]!.AsObject();
        deps[$"Replicate.Client/{Version}"]!["type"]!.GetValue<string>().Should().Be("package", "the consumer must not build the library from source");
        deps[$"Replicate.Generated/{Version}"]!["type"]!.GetValue<string>().Should().Be("package");

        var sha = SpecPrefix();
        foreach (var assembly in new[] { typeof(ReplicateClient).Assembly, typeof(PredictionResponse).Assembly })
        {
            Metadata(assembly, "ReplicateSpecSha256").Should().MatchRegex($"^{sha}[0-9a-f]{{52}}$", $"{assembly.GetName().Name} says which spec it came from");
            assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Should().StartWith(Version);
        }
    }

    [Test]
    public void The_symbol_package_embeds_the_generated_source_which_is_in_no_repository()
    {
        using var symbols = Open("Replicate.Generated", "snupkg");
        using var pdb = new MemoryStream();
        using (var entry = symbols.GetEntry("lib/net10.0/Replicate.Generated.pdb")!.Open())
        {
            entry.CopyTo(pdb);
        }

        pdb.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
        var reader = provider.GetMetadataReader();
        var embeddedSource = new Guid("0E8A571B-6926-466E-B4AD-8AB04611F5FE");
        var embedded = reader.CustomDebugInformation
            .Select(reader.GetCustomDebugInformation)
            .Where(info => reader.GetGuid(info.Kind) == embeddedSource && info.Parent.Kind == HandleKind.Document)
            .Select(info => reader.GetString(reader.GetDocument((DocumentHandle)info.Parent).Name))
            .ToList();

        embedded.Should().Contain(name => name.EndsWith("ReplicateClients.g.cs", StringComparison.Ordinal),
            "a debugger can step into the generated clients although they are never committed");
    }

    private static string SpecPrefix()
    {
        using var package = Open("Replicate.Client", "nupkg");
        return PackageVersion().Match(Nuspec(package).Element("version")!.Value).Groups["sha"].Value;
    }

    private static ZipArchive Open(string id, string extension)
    {
        var path = Path.Combine(Feed, $"{id}.{Version}.{extension}");
        File.Exists(path).Should().BeTrue($"'make pack' puts {Path.GetFileName(path)} in {Feed}");
        return ZipFile.OpenRead(path);
    }

    private static string Read(ZipArchive package, string entry)
    {
        using var reader = new StreamReader(package.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }

    // The nuspec's <metadata>, with namespaces dropped (their URI differs between nuspec schema versions).
    private static XElement Nuspec(ZipArchive package)
    {
        var document = XDocument.Parse(Read(package, package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).FullName));
        foreach (var element in document.Descendants())
        {
            element.Name = element.Name.LocalName;
        }

        return document.Root!.Element("metadata")!;
    }

    private static Dictionary<string, string> Dependencies(ZipArchive package) =>
        Nuspec(package).Descendants("dependency").ToDictionary(d => d.Attribute("id")!.Value, d => d.Attribute("version")!.Value);

    private static string Metadata(Assembly assembly, string key) =>
        assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no AssemblyMetadata '{key}'");
}
