using System.Text.RegularExpressions;
using Replicate.Testing;
using Replicate.Tools.Generation;
using Replicate.Tools.Normalization;

namespace Replicate.Generated.Tests;

/// <summary>
/// Generation reads the cached pull when there is one (doc comments included), else the committed prose-free
/// baseline. Both must give the same C#: same types, members and code, differing only in comments.
/// </summary>
public partial class GenerationInputTests
{
    [GeneratedRegex(@"^\s*///.*$\n?", RegexOptions.Multiline)]
    private static partial Regex DocComment();

    [GeneratedRegex(@"(throw new ApiException(<\w+>)?\()""(?:[^""\\]|\\.)*""")]
    private static partial Regex ExceptionMessage();

    [GeneratedRegex(@"^\s*$\n", RegexOptions.Multiline)]
    private static partial Regex BlankLine();

    [Test]
    public async Task Cached_pull_and_committed_baseline_generate_the_same_code()
    {
        var normalizer = new Normalizer(NormalizerOptions.Load(RepoRoot.Combine("openapi", "normalizer.json")));
        var overlay = GenerationOptions.Load(RepoRoot.Combine("openapi", "generation.json"));
        var fromPull = normalizer.Normalize(JsonUtil.ParseObject(await File.ReadAllTextAsync(RepoRoot.CachedSpec), "pull"));
        var fromBaseline = normalizer.Normalize(JsonUtil.ParseObject(await File.ReadAllTextAsync(RepoRoot.Combine("openapi", "replicate.baseline.json")), "baseline"));

        var pullCode = await ClientGenerator.GenerateAsync(fromPull, overlay);
        var baselineCode = await ClientGenerator.GenerateAsync(fromBaseline, overlay);

        pullCode.Should().Contain("///", "the pulled document carries doc comments");
        Strip(baselineCode).Should().Be(Strip(pullCode));
    }

    private static string Strip(string code) =>
        BlankLine().Replace(ExceptionMessage().Replace(DocComment().Replace(code, string.Empty), "$1\"…\""), string.Empty);
}
