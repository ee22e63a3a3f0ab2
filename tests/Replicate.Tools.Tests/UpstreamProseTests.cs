using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Replicate.Testing;

namespace Replicate.Tools.Tests;

/// <summary>
/// Replicate's document and its prose are not ours: no tracked file may contain a sentence of it. The sentences
/// are taken from the pulled document at run time, so this test itself carries none; without a pull it is not run.
/// </summary>
public partial class UpstreamProseTests
{
    [GeneratedRegex(@"(?<=[.!?])\s+|\n+")]
    private static partial Regex SentenceBreak();

    [Test]
    public void No_tracked_file_contains_a_sentence_of_the_upstream_document()
    {
        var sentences = UpstreamSentences(PulledDocument.Text, minLength: 40);
        sentences.Should().HaveCountGreaterThan(100, "the check must have real sentences to look for");

        var tracked = RepoRoot.TrackedFiles()
            .Select(f => (Name: f, Path: RepoRoot.Combine(f)))
            .Where(f => File.Exists(f.Path) && new FileInfo(f.Path).Length < 5_000_000)
            .ToList();
        // The kept release packages are zip files: their XML docs and README are read from inside.
        var packaged = tracked.Where(f => f.Name.EndsWith(".nupkg", StringComparison.Ordinal))
            .SelectMany(f => PackageTexts(f.Path).Select(t => (Name: f.Name + "!" + t.Entry, t.Text)))
            .ToList();
        packaged.Should().Contain(p => p.Name.EndsWith(".xml", StringComparison.Ordinal), "the kept packages' XML docs are checked");
        var files = tracked.Where(f => !f.Name.EndsWith(".nupkg", StringComparison.Ordinal))
            .Select(f => (f.Name, Text: File.ReadAllText(f.Path)))
            .Concat(packaged);

        Offenders(files, sentences).Should().BeEmpty("upstream prose must never be committed");
    }

    [Test]
    public void The_check_catches_a_single_upstream_sentence_inside_our_own_text()
    {
        var sentences = UpstreamSentences(PulledDocument.Text, minLength: 40);
        var planted = sentences[sentences.Count / 2];
        var files = new[]
        {
            (Name: "clean.md", Text: "Our own words about predictions and webhooks."),
            (Name: "docs/leak.md", Text: "Intro line.\n" + planted + "\nOutro."),
        };

        Offenders(files, sentences).Should().ContainSingle().Which.Should().StartWith("docs/leak.md");
    }

    private static IEnumerable<(string Entry, string Text)> PackageTexts(string path)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(path);
        foreach (var entry in zip.Entries.Where(e => e.Name.EndsWith(".xml", StringComparison.Ordinal) || e.Name.EndsWith(".md", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open());
            yield return (entry.FullName, System.Net.WebUtility.HtmlDecode(reader.ReadToEnd()));
        }
    }

    private static List<string> Offenders(IEnumerable<(string Name, string Text)> files, List<string> sentences) =>
        files.Select(f => (f.Name, Hit: sentences.FirstOrDefault(s => f.Text.Contains(s, StringComparison.Ordinal))))
            .Where(f => f.Hit is not null)
            .Select(f => $"{f.Name}: \"{f.Hit![..Math.Min(60, f.Hit!.Length)]}…\"")
            .ToList();

    private static List<string> UpstreamSentences(string json, int minLength)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        Collect(JsonNode.Parse(json), found, minLength);
        return [.. found.Order(StringComparer.Ordinal)];
    }

    private static void Collect(JsonNode? node, HashSet<string> found, int minLength)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (key is "description" or "summary" && value is JsonValue v && v.TryGetValue<string>(out var text))
                    {
                        foreach (var sentence in SentenceBreak().Split(text).Select(s => s.Trim()).Where(s => s.Length >= minLength && IsProse(s)))
                        {
                            found.Add(sentence);
                        }
                    }
                    else
                    {
                        Collect(value, found, minLength);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Collect(item, found, minLength);
                }

                break;
        }
    }

    // A line of an embedded example (a bare URL, a curl flag) is not prose: sentences have several words.
    private static bool IsProse(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 5;
}
