using System.Text;
using System.Text.RegularExpressions;

namespace Replicate.Tools.Docs;

/// <summary>
/// Keeps the documentation's code blocks equal to regions of compiled code, so the docs cannot drift from the API.
/// In C#: <c>// region:name</c> … <c>// endregion</c>. In markdown: a line <c>&lt;!-- snippet:name --&gt;</c> right
/// above a fenced <c>csharp</c> block, whose content is the region's.
/// </summary>
internal static partial class SnippetSync
{
    private const string RegionEnd = "// endregion";

    [GeneratedRegex(@"^\s*// region:(?<name>[a-z0-9][a-z0-9-]*)\s*$")]
    private static partial Regex RegionStart();

    [GeneratedRegex(@"^<!-- snippet:(?<name>[a-z0-9][a-z0-9-]*) -->$")]
    private static partial Regex Marker();

    /// <summary>The code files snippets come from: every C# file under <c>samples/</c> (build output excluded).</summary>
    public static IEnumerable<string> SourceFiles(string root)
    {
        var samples = Path.Combine(root, "samples");
        return Directory.Exists(samples)
            ? Directory.EnumerateFiles(samples, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
                .Order(StringComparer.Ordinal)
            : [];
    }

    /// <summary>The markdown files whose snippets are checked: the README and each package's README.</summary>
    public static IEnumerable<string> MarkdownFiles(string root) =>
        new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.Exists(Path.Combine(root, "src"))
                ? Directory.EnumerateFiles(Path.Combine(root, "src"), "PACKAGE.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                : [])
            .Where(File.Exists);

    /// <summary>Reads every region; a duplicate name, a nested or unterminated region is a problem.</summary>
    public static Dictionary<string, Snippet> Collect(string root, IEnumerable<string> files, List<string> problems)
    {
        var snippets = new Dictionary<string, Snippet>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var lines = File.ReadAllText(file).ReplaceLineEndings("\n").Split('\n');
            (string Name, int Line)? open = null;
            var body = new List<string>();
            for (var i = 0; i < lines.Length; i++)
            {
                var start = RegionStart().Match(lines[i]);
                if (start.Success)
                {
                    if (open is { } outer)
                    {
                        problems.Add($"{relative}:{i + 1}: region '{start.Groups["name"].Value}' starts inside region '{outer.Name}'");
                    }

                    open = (start.Groups["name"].Value, i + 1);
                    body.Clear();
                }
                else if (lines[i].Trim() == RegionEnd && open is { } region)
                {
                    var snippet = new Snippet(region.Name, Dedent(body), $"{relative}:{region.Line}");
                    if (!snippets.TryAdd(region.Name, snippet))
                    {
                        problems.Add($"{snippet.Source}: region '{region.Name}' is also defined at {snippets[region.Name].Source}");
                    }

                    open = null;
                }
                else if (open is not null)
                {
                    body.Add(lines[i]);
                }
            }

            if (open is { } unterminated)
            {
                problems.Add($"{relative}:{unterminated.Line}: region '{unterminated.Name}' has no '{RegionEnd}'");
            }
        }

        return snippets;
    }

    /// <summary>
    /// The markdown with every marked block replaced by its region. Unknown names and markers without a block are
    /// problems; <paramref name="used"/> collects the names the file refers to.
    /// </summary>
    public static string Apply(string markdown, string fileName, IReadOnlyDictionary<string, Snippet> snippets, List<string> problems, ISet<string> used)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var output = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            output.Append(lines[i]);
            if (i < lines.Length - 1)
            {
                output.Append('\n');
            }

            var marker = Marker().Match(lines[i]);
            if (!marker.Success)
            {
                continue;
            }

            var name = marker.Groups["name"].Value;
            used.Add(name);
            if (i + 1 >= lines.Length || lines[i + 1] != "```csharp")
            {
                problems.Add($"{fileName}:{i + 1}: snippet '{name}' must be followed by a ```csharp block");
                continue;
            }

            var close = Array.FindIndex(lines, i + 2, line => line == "```");
            if (close < 0)
            {
                problems.Add($"{fileName}:{i + 2}: the code block of snippet '{name}' is not closed");
                continue;
            }

            if (!snippets.TryGetValue(name, out var snippet))
            {
                problems.Add($"{fileName}:{i + 1}: no region named '{name}' in samples/");
                continue;
            }

            output.Append("```csharp\n").Append(snippet.Code).Append("\n```");
            if (close < lines.Length - 1)
            {
                output.Append('\n');
            }

            i = close;
        }

        return output.ToString();
    }

    /// <summary>Checks (or, with <paramref name="write"/>, rewrites) every markdown file of the repository.</summary>
    public static SyncResult Run(string root, bool write)
    {
        var problems = new List<string>();
        var snippets = Collect(root, SourceFiles(root), problems);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var stale = new List<string>();
        foreach (var file in MarkdownFiles(root))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var text = File.ReadAllText(file);
            var synced = Apply(text, relative, snippets, problems, used);
            if (synced == text.ReplaceLineEndings("\n"))
            {
                continue;
            }

            stale.Add(relative);
            if (write)
            {
                Spec.AtomicFile.WriteText(file, synced);
            }
        }

        problems.AddRange(snippets.Values.Where(s => !used.Contains(s.Name))
            .Select(s => $"{s.Source}: region '{s.Name}' is shown in no README; use it or remove the markers"));
        return new SyncResult(snippets.Count, used.Count, stale, problems);
    }

    private static string Dedent(List<string> lines)
    {
        var kept = lines.SkipWhile(string.IsNullOrWhiteSpace).Reverse().SkipWhile(string.IsNullOrWhiteSpace).Reverse().ToList();
        var indent = kept.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Length - l.TrimStart(' ').Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', kept.Select(l => string.IsNullOrWhiteSpace(l) ? string.Empty : l[indent..].TrimEnd()));
    }
}

/// <summary>The outcome of a snippet check or sync.</summary>
/// <param name="Regions">Regions found in samples/.</param>
/// <param name="Used">Region names the markdown files refer to.</param>
/// <param name="Stale">Markdown files whose blocks differ from their regions (rewritten when syncing).</param>
/// <param name="Problems">Broken markers or regions; these need a person.</param>
internal sealed record SyncResult(int Regions, int Used, IReadOnlyList<string> Stale, IReadOnlyList<string> Problems);
