using System.Text.RegularExpressions;
using Replicate.Testing;
using YamlDotNet.RepresentationModel;

namespace Replicate.Tools.Tests;

/// <summary>
/// The GitHub workflows only call Makefile targets, and every target they call exists: CI cannot drift from what
/// a person runs locally, and a renamed target cannot silently break a workflow nobody runs here.
/// </summary>
public partial class WorkflowTests
{
    private static readonly string WorkflowDir = RepoRoot.Combine(".github", "workflows");

    [GeneratedRegex(@"^(?<targets>[A-Za-z0-9_.-]+(?:[ \t]+[A-Za-z0-9_.-]+)*)[ \t]*:(?!=)")]
    private static partial Regex RuleHead();

    [GeneratedRegex(@"^make(?:\s+\S+)*$")]
    private static partial Regex MakeCall();

    public static IEnumerable<string> Workflows() =>
        Directory.EnumerateFiles(WorkflowDir, "*.yml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(WorkflowDir, file));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static IEnumerable<string> RunLines(YamlMappingNode workflow) =>
        ((YamlMappingNode)workflow["jobs"]).Children.Values.OfType<YamlMappingNode>()
            .SelectMany(job => ((YamlSequenceNode)job["steps"]).Children.OfType<YamlMappingNode>())
            .Where(step => step.Children.ContainsKey("run"))
            .SelectMany(step => ((YamlScalarNode)step["run"]).Value!.Split('\n'))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'));

    private static HashSet<string> MakefileTargets() =>
        File.ReadAllLines(RepoRoot.Combine("Makefile"))
            .Select(line => RuleHead().Match(line))
            .Where(m => m.Success)
            .SelectMany(m => m.Groups["targets"].Value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.Ordinal);

    [Test]
    public void Both_workflows_exist()
    {
        Workflows().Should().BeEquivalentTo("nightly.yml", "pr.yml");
    }

    [TestCaseSource(nameof(Workflows))]
    public void Every_run_step_is_a_make_call_of_an_existing_target(string file)
    {
        var targets = MakefileTargets();
        var lines = RunLines(Load(file)).ToList();

        lines.Should().NotBeEmpty();
        lines.Should().OnlyContain(line => MakeCall().IsMatch(line), $"{file} does its work through Makefile targets only");
        var called = lines.SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1))
            .Where(word => !word.StartsWith('-') && !word.Contains('=', StringComparison.Ordinal))
            .ToList();
        called.Should().NotBeEmpty();
        called.Should().OnlyContain(target => targets.Contains(target), $"every target {file} calls must exist in the Makefile");
    }

    [Test]
    public void The_pull_request_workflow_builds_tests_runs_contracts_checks_drift_and_the_API_and_reports()
    {
        var workflow = Load("pr.yml");

        ((YamlMappingNode)workflow["on"]).Children.Keys.Select(k => k.ToString()).Should().Contain("pull_request");
        var lines = RunLines(workflow).ToList();

        lines.Select(l => l.Split(' ')[1]).Should().ContainInOrder(["build", "test", "contract", "api-check", "drift", "ci-summary"]);
        lines.Where(l => l.Split(' ')[1] is "build" or "test").Should().OnlyContain(
            l => !l.Contains("SPEC_SOURCE=openapi/replicate.baseline.json", StringComparison.Ordinal),
            "the tests look for upstream prose in the pulled document, which the prose-free baseline cannot provide");
        lines.Should().Contain("make drift", "drift compares the live document with the baseline");
    }

    [Test]
    public void The_nightly_workflow_runs_on_a_schedule_with_the_rights_to_open_issues_and_pull_requests()
    {
        var workflow = Load("nightly.yml");
        var schedule = (YamlSequenceNode)((YamlMappingNode)workflow["on"])["schedule"];
        var permissions = (YamlMappingNode)workflow["permissions"];

        ((YamlMappingNode)schedule.Children.Single())["cron"].ToString().Split(' ').Should().HaveCount(5, "a cron expression has five fields");
        permissions["issues"].ToString().Should().Be("write");
        permissions["pull-requests"].ToString().Should().Be("write");
        permissions["contents"].ToString().Should().Be("write");
        RunLines(workflow).Should().ContainInOrder("make nightly-drift", "make ci-summary");
    }

    [Test]
    public void The_Makefile_parser_finds_rules_and_skips_assignments()
    {
        var targets = MakefileTargets();

        targets.Should().Contain(["all", "test", "drift", "accept-spec", "accept-api", "nightly-drift"]);
        targets.Should().NotContain(["SPEC_SOURCE", "PULL_FALLBACK", "DRIFT_REPORT"], "variable assignments are not rules");
    }
}
