using System.Text.RegularExpressions;
using Replicate.Testing;
using Replicate.Tools.Drift;

namespace Replicate.Tools.Tests.Drift;

/// <summary>docs/drift-rules.md documents every rule with the level and bump the code gives it, and nothing else.</summary>
public partial class RuleCatalogDocsTests
{
    [GeneratedRegex(@"^\| `(?<id>[a-z{},-]+)` \| (?<level>breaking|warning|info) \| (?<bump>major|minor|patch) \| .+ \|$")]
    private static partial Regex Row();

    [Test]
    public void The_documented_catalog_is_the_catalog_in_code()
    {
        var lines = File.ReadAllLines(RepoRoot.Combine("docs", "drift-rules.md"));
        var catalog = lines.SkipWhile(l => l != "## Rule catalog").TakeWhile(l => l != "## The public-API gate").ToList();
        var documented = catalog.Select(l => Row().Match(l)).Where(m => m.Success)
            .SelectMany(m => Expand(m.Groups["id"].Value).Select(id => $"{id} {m.Groups["level"].Value} {m.Groups["bump"].Value}"))
            .ToList();
        var inCode = DriftRules.All.Select(r => $"{r.Id} {DiffReport.Level(r.Level)} {DiffReport.Bump(r.Bump)}").ToList();

        catalog.Should().Contain(l => l.StartsWith("| `", StringComparison.Ordinal), "the catalog section holds the rule tables");
        documented.Should().OnlyHaveUniqueItems("each rule is documented once");
        documented.Should().BeEquivalentTo(inCode, "the documented id, level and bump of every rule match DriftRules");
    }

    [Test]
    public void Brace_groups_expand_to_every_combination()
    {
        Expand("request-{parameter,body}-{max,min}-set").Should().BeEquivalentTo(
            "request-parameter-max-set", "request-parameter-min-set", "request-body-max-set", "request-body-min-set");
        Expand("api-removed").Should().Equal("api-removed");
    }

    private static IEnumerable<string> Expand(string pattern)
    {
        var open = pattern.IndexOf('{', StringComparison.Ordinal);
        if (open < 0)
        {
            return [pattern];
        }

        var close = pattern.IndexOf('}', open);
        var (head, tail) = (pattern[..open], pattern[(close + 1)..]);
        return pattern[(open + 1)..close].Split(',').SelectMany(choice => Expand(head + choice + tail));
    }
}
