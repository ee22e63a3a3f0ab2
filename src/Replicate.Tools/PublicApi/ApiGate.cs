namespace Replicate.Tools.PublicApi;

/// <summary>
/// The public-API gate: each shipped assembly's listing is committed under <c>api/</c>; the build must match it.
/// A change to the public surface is then a reviewed change to a text file, accepted with <c>make accept-api</c>.
/// </summary>
internal static class ApiGate
{
    public const string AcceptCommand = "make accept-api";

    /// <summary>The assemblies the project ships (each built from <c>src/&lt;Name&gt;</c>).</summary>
    public static readonly IReadOnlyList<string> ShippedAssemblies = ["Replicate.Generated", "Replicate.Client", "Replicate.Testing", "Replicate.Client.Redis"];

    /// <summary>One assembly's comparison: the committed and the built listing, and their diff (empty when equal).</summary>
    public sealed record Result(string Name, string ListingPath, string? Committed, string Built, string Diff)
    {
        public bool Matches => Diff.Length == 0;
    }

    public static string ListingPath(string root, string name) => Path.Combine(root, "api", name + ".txt");

    /// <summary>The built assembly <c>src/&lt;name&gt;/bin/&lt;configuration&gt;/&lt;framework&gt;/&lt;name&gt;.dll</c>.</summary>
    public static string BuiltAssembly(string root, string name, string configuration)
    {
        var bin = Path.Combine(root, "src", name, "bin", configuration);
        var candidates = Directory.Exists(bin)
            ? Directory.EnumerateFiles(bin, name + ".dll", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) is { } folder && folder.StartsWith("net", StringComparison.Ordinal))
                .ToList()
            : [];
        return candidates.Count switch
        {
            0 => throw new ApiListingException($"{name} is not built in {configuration} under {Path.GetRelativePath(root, bin)}; run 'make build' (CONFIGURATION={configuration})"),
            1 => candidates[0],
            _ => candidates.OrderByDescending(File.GetLastWriteTimeUtc).First(),
        };
    }

    // Where restore put the project's packages (a machine may configure another folder than NuGet's default).
    private static IEnumerable<string> RestoredPackageFolders(string root, string name)
    {
        var assets = Path.Combine(root, "src", name, "obj", "project.assets.json");
        return File.Exists(assets) && System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(assets))?["packageFolders"] is System.Text.Json.Nodes.JsonObject folders
            ? folders.Select(f => f.Key).ToList()
            : [];
    }

    public static Result Check(string root, string name, string configuration)
    {
        var listing = ListingPath(root, name);
        var built = ApiLister.List(BuiltAssembly(root, name, configuration), packageFolders: RestoredPackageFolders(root, name));
        var committed = File.Exists(listing) ? File.ReadAllText(listing) : null;
        var relative = Path.GetRelativePath(root, listing).Replace('\\', '/');
        var diff = committed is null
            ? $"--- {relative} (missing)\n+++ built {name}.dll\n" + string.Concat(built.Split('\n').Where(l => l.Length > 0).Select(l => "+" + l + "\n"))
            : LineDiff.Unified(committed, built, relative + " (committed)", $"built {name}.dll");
        return new Result(name, listing, committed, built, diff);
    }
}
