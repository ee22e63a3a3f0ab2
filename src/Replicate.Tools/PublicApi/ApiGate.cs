namespace Replicate.Tools.PublicApi;

/// <summary>
/// The public-API gate: each shipped assembly's listing is committed under <c>api/</c>; the build must match it.
/// A change to the public surface is then a reviewed change to a text file, accepted with <c>make accept-api</c>.
/// </summary>
internal static class ApiGate
{
    public const string AcceptCommand = "make accept-api";

    /// <summary>The assemblies the project ships (each built from <c>src/&lt;Name&gt;</c>).</summary>
    public static readonly IReadOnlyList<string> ShippedAssemblies = ["Replicate.Generated", "Replicate.Client", "Replicate.Testing", "Replicate.Models", "Replicate.Mcp", "Replicate.Kiota", "Replicate.Client.Redis"];

    /// <summary>
    /// Listings that are not a C# surface: the MCP server's tools (<c>api/Replicate.Mcp.tools.txt</c>), which its build
    /// writes beside the assembly. Agents call tools by name, so this is their public API.
    /// </summary>
    public static readonly IReadOnlyList<string> ToolListings = ["Replicate.Mcp.tools"];

    /// <summary>Every listing the gate compares: the shipped assemblies' and the tool listings.</summary>
    public static IEnumerable<string> AllListings => ShippedAssemblies.Concat(ToolListings);

    /// <summary>One assembly's comparison: the committed and the built listing, and their diff (empty when equal).</summary>
    public sealed record Result(string Name, string ListingPath, string? Committed, string Built, string Diff, string? Note = null)
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
        var built = ToolListings.Contains(name)
            ? BuiltToolListing(root, name, configuration)
            : ApiLister.List(BuiltAssembly(root, name, configuration), packageFolders: RestoredPackageFolders(root, name));
        var committed = File.Exists(listing) ? File.ReadAllText(listing) : null;
        var relative = Path.GetRelativePath(root, listing).Replace('\\', '/');
        var diff = committed is null
            ? $"--- {relative} (missing)\n+++ built {name}.dll\n" + string.Concat(built.Split('\n').Where(l => l.Length > 0).Select(l => "+" + l + "\n"))
            : LineDiff.Unified(committed, built, relative + " (committed)", $"built {name}.dll");
        return new Result(name, listing, committed, built, diff, ToolListings.Contains(name) ? ToolChanges(committed, built) : null);
    }

    // Replicate.Mcp.tools → src/Replicate.Mcp/bin/<configuration>/<framework>/Replicate.Mcp.tools.txt, beside the assembly.
    private static string BuiltToolListing(string root, string name, string configuration)
    {
        var project = name[..name.LastIndexOf('.')];
        var path = Path.Combine(Path.GetDirectoryName(BuiltAssembly(root, project, configuration))!, name + ".txt");
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new ApiListingException($"{project} is built but wrote no {name}.txt; run 'make build'");
    }

    /// <summary>What a tool listing's change means for agents: a tool removed (or renamed) breaks them, a new one is additive.</summary>
    internal static string? ToolChanges(string? committed, string built)
    {
        static HashSet<string> Names(string? text) => (text ?? string.Empty).Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(" | ")[0]).ToHashSet(StringComparer.Ordinal);
        var before = Names(committed);
        var after = Names(built);
        var removed = before.Except(after).Order(StringComparer.Ordinal).ToList();
        var added = after.Except(before).Order(StringComparer.Ordinal).ToList();
        var notes = new List<string>();
        if (removed.Count > 0)
        {
            notes.Add($"breaking for agents: {string.Join(", ", removed)} removed or renamed");
        }

        if (added.Count > 0)
        {
            notes.Add($"additive: {string.Join(", ", added)} new");
        }

        return notes.Count > 0 ? string.Join("; ", notes) : null;
    }
}
