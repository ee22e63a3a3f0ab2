using System.Text.Json.Nodes;
using Replicate.Testing;

namespace Replicate.Tools.Tests.Drift;

/// <summary><c>spec diff</c> and <c>spec drift</c> as a person or CI runs them: exit codes, formats, bad input.</summary>
public class DiffCommandTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("replicate-diff-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Write(string name, JsonObject document) => Write(name, document.ToJsonString());

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Program.RunAsync(args, stdout, stderr, handler: null, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private (string Old, string New) BreakingPair()
    {
        var changed = SyntheticSpec.Create();
        changed.At("/paths").Remove("/books/search");
        ((JsonArray)changed.Property("book", "status")["enum"]!).Add("lost");
        return (Write("old.json", SyntheticSpec.Create()), Write("new.json", changed));
    }

    [Test]
    public async Task Exit_code_is_1_with_a_breaking_change_and_0_without()
    {
        var (old, breaking) = BreakingPair();
        var additive = SyntheticSpec.Create();
        additive.Schema("book")["properties"]!["isbn"] = JsonNode.Parse("""{"type":"string"}""");

        var broken = await RunAsync("spec", "diff", old, breaking);
        var added = await RunAsync("spec", "diff", old, Write("added.json", additive));
        var same = await RunAsync("spec", "diff", old, old);

        broken.Exit.Should().Be(1);
        broken.Out.Should().Contain("api-path-removed").And.Contain("QUERY /books/search").And.EndWith("1 breaking, 3 warnings, 0 info\n");
        added.Exit.Should().Be(0);
        added.Out.Should().Contain("response-optional-property-added");
        same.Exit.Should().Be(0);
        same.Out.Should().Contain("no structural change");
    }

    [Test]
    public async Task Json_report_has_exactly_the_documented_shape()
    {
        var (old, breaking) = BreakingPair();

        var (exit, stdout, _) = await RunAsync("spec", "diff", old, breaking, "--format", "json");

        exit.Should().Be(1);
        var report = JsonNode.Parse(stdout)!.AsObject();
        report.Select(p => p.Key).Should().Equal("changes", "summary");
        report["summary"]!.AsObject().Select(p => p.Key).Should().Equal("breaking", "warning", "info");
        report["summary"]!["breaking"]!.GetValue<int>().Should().Be(1);
        report["summary"]!["warning"]!.GetValue<int>().Should().Be(3, "three operations return a book whose status gained a value");
        var changes = report["changes"]!.AsArray();
        changes.Should().HaveCount(4);
        changes.Should().AllSatisfy(c => c!.AsObject().Select(p => p.Key).Should().Equal("id", "level", "operation", "location", "message"));
        changes[0]!["id"]!.GetValue<string>().Should().Be("api-path-removed", "breaking changes come first");
        changes[0]!["level"]!.GetValue<string>().Should().Be("breaking");
        changes[0]!["operation"]!.GetValue<string>().Should().Be("QUERY /books/search");
        changes[0]!["location"]!.GetValue<string>().Should().Be("/paths/~1books~1search/query");
    }

    [Test]
    public async Task Markdown_report_is_a_table_and_can_be_written_beside_the_text()
    {
        var (old, breaking) = BreakingPair();
        var file = Path.Combine(_dir, "reports", "drift.md");

        var markdown = await RunAsync("spec", "diff", old, breaking, "--format", "markdown");
        var text = await RunAsync("spec", "diff", old, breaking, "--markdown-out", file);

        markdown.Out.Should().StartWith("### Spec drift:").And.Contain("**1 breaking**").And.Contain("suggested version bump: **major**")
            .And.Contain("| Level | Rule | Operation | Change | Location |")
            .And.Contain("| **breaking** | `api-path-removed` | `QUERY /books/search` |");
        text.Out.Should().StartWith("spec diff:");
        (await File.ReadAllTextAsync(file)).Should().Be(markdown.Out);
    }

    [Test]
    public async Task Suggest_version_prints_only_the_bump()
    {
        var (old, breaking) = BreakingPair();
        var additive = SyntheticSpec.Create();
        additive.Schema("book")["properties"]!["isbn"] = JsonNode.Parse("""{"type":"string"}""");

        (await RunAsync("spec", "diff", old, breaking, "--suggest-version")).Should().Be((0, "major\n", ""));
        (await RunAsync("spec", "diff", old, Write("added.json", additive), "--suggest-version")).Should().Be((0, "minor\n", ""));
        (await RunAsync("spec", "diff", old, old, "--suggest-version")).Should().Be((0, "patch\n", ""));
    }

    public static IEnumerable<TestCaseData> BadInputs()
    {
        TestCaseData Case(string name, string text, string message) => new TestCaseData(name, text, message).SetName($"Bad input exits 2: {name}");
        yield return Case("empty.json", "  \n", "is empty");
        yield return Case("page.html", "<!doctype html><html><body>Oops</body></html>", "HTML or XML");
        yield return Case("truncated.json", """{"openapi":"3.1.0","paths":{""", "is not valid JSON (line 1");
        yield return Case("broken.yaml", "openapi: 3.1.0\npaths: [unclosed\n", "is not valid YAML");
        yield return Case("array.json", "[1,2]", "is not an object");
        yield return Case("swagger.json", """{"swagger":"2.0","paths":{}}""", "is Swagger 2.0");
        yield return Case("future.json", """{"openapi":"3.2.0","paths":{}}""", "is OpenAPI 3.2.0");
        yield return Case("unversioned.json", """{"paths":{}}""", "has no 'openapi' version string");
        yield return Case("pathless.yaml", "openapi: 3.0.0\ninfo: {title: t, version: v}\n", "has no 'paths' object");
        yield return Case("dangling.json", """{"openapi":"3.1.0","paths":{"/a":{"get":{"responses":{"200":{"description":"x","content":{"application/json":{"schema":{"$ref":"#/components/schemas/gone"}}}}}}}}}""",
            "reference '#/components/schemas/gone' at /paths/~1a/get/responses/200/content/application~1json/schema points to nothing");
        yield return Case("external.json", """{"openapi":"3.1.0","paths":{"/a":{"$ref":"other.json#/paths/a"}}}""", "external reference 'other.json#/paths/a'");
        yield return Case("duplicate.json", """{"openapi":"3.1.0","paths":{"/a":{"get":{"operationId":"x.y"},"post":{"operationId":"x.y"}}}}""", "cannot be normalized");
    }

    [TestCaseSource(nameof(BadInputs))]
    public async Task Bad_input_exits_2_with_a_clear_message(string name, string text, string message)
    {
        var good = Write("good.json", SyntheticSpec.Create());
        var bad = Write(name, text);

        var asNew = await RunAsync("spec", "diff", good, bad);
        var asOld = await RunAsync("spec", "diff", bad, good, "--format", "json");

        asNew.Exit.Should().Be(2);
        asNew.Err.Should().StartWith($"spec diff: {bad}").And.Contain(message, "the message names the file and what is wrong with it");
        asNew.Err.TrimEnd('\n').Should().NotContain("\n", "the message is one line");
        asNew.Out.Should().BeEmpty("no report is printed for unreadable input");
        asOld.Exit.Should().Be(2);
        asOld.Out.Should().BeEmpty();
    }

    [Test]
    public async Task A_missing_file_or_wrong_usage_exits_2()
    {
        var good = Write("good.json", SyntheticSpec.Create());

        (await RunAsync("spec", "diff", good, Path.Combine(_dir, "absent.json"))).Should().Match<(int Exit, string Out, string Err)>(r =>
            r.Exit == 2 && r.Err.Contains("absent.json: no such file", StringComparison.Ordinal));
        (await RunAsync("spec", "diff", good)).Should().Match<(int Exit, string Out, string Err)>(r =>
            r.Exit == 2 && r.Err.Contains("takes two documents", StringComparison.Ordinal));
        (await RunAsync("spec", "diff", good, good, "--format", "xml")).Should().Match<(int Exit, string Out, string Err)>(r =>
            r.Exit == 2 && r.Err.Contains("--format must be text, json or markdown", StringComparison.Ordinal));
    }

    [Test]
    public async Task Drift_passes_with_a_hint_on_additive_drift_and_fails_on_breaking_drift()
    {
        using var repo = new TempRepo();
        var cached = JsonNode.Parse(await File.ReadAllTextAsync(repo.CachedSpec))!.AsObject();
        var prediction = cached.At("/components/schemas/PredictionResponse").AsObject();
        ((JsonArray)prediction["properties"]!["status"]!["x-known-values"]!).Add("probe_paused");
        await File.WriteAllTextAsync(repo.CachedSpec, cached.ToJsonString());
        var report = Path.Combine(repo.Root, "artifacts", "drift", "spec-drift.md");

        var additive = await repo.RunAsync("spec", "drift", "--markdown-out", report);
        prediction["properties"]!.AsObject().Remove("id");
        await File.WriteAllTextAsync(repo.CachedSpec, cached.ToJsonString());
        var breaking = await repo.RunAsync("spec", "drift");

        additive.Exit.Should().Be(0);
        additive.Out.Should().Contain("response-property-enum-value-added").And.Contain("\"probe_paused\"")
            .And.Contain("non-breaking drift").And.Contain("make accept-spec accept-api");
        (await File.ReadAllTextAsync(report)).Should().Contain("`response-property-enum-value-added`");
        breaking.Exit.Should().Be(1);
        breaking.Out.Should().Contain("response-property-removed");
        breaking.Err.Should().Contain("BREAKING drift");
    }
}
