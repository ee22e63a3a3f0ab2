using Replicate.Testing;

namespace Replicate.Tools.Tests.Models;

/// <summary>`replicate-tools model validate`: the exit codes and the stderr lines scripts read, one per error, field first.</summary>
public sealed class ModelValidateCommandTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("replicate-model-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task A_valid_input_exits_0_with_nothing_on_stderr()
    {
        var (exit, stdout, stderr) = await Validate(CogSchemas.SdxlLike, CogSchemas.SdxlInput);

        exit.Should().Be(0);
        stderr.Should().BeEmpty();
        stdout.Should().StartWith("valid");
    }

    [Test]
    public async Task An_invalid_input_exits_1_with_one_line_per_error_each_starting_with_its_field_and_naming_its_rule()
    {
        var input = """{ "num_outputs": 5, "width": 4096, "scheduler": "fast", "image": "/home/me/cat.png", "guidence_scale": 9, "style_tags": ["ok", 3] }""";

        var (exit, _, stderr) = await Validate(CogSchemas.SdxlLike, input);

        exit.Should().Be(1);
        var lines = stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(6, "every error is reported, not just the first");
        lines.Should().Contain("/num_outputs: maximum: 5 > 4");
        lines.Should().ContainSingle(l => l.StartsWith("/width: ", StringComparison.Ordinal) && l.Contains("maximum", StringComparison.Ordinal));
        lines.Should().ContainSingle(l => l.StartsWith("/scheduler: ", StringComparison.Ordinal) && l.Contains("enum", StringComparison.Ordinal));
        lines.Should().ContainSingle(l => l.StartsWith("/image: ", StringComparison.Ordinal) && l.Contains("format", StringComparison.Ordinal));
        lines.Should().ContainSingle(l => l.StartsWith("/guidence_scale: unknown-input", StringComparison.Ordinal) && l.Contains("guidance_scale", StringComparison.Ordinal));
        lines.Should().ContainSingle(l => l.StartsWith("/style_tags/1: items", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_missing_required_input_is_reported_by_name()
    {
        var (exit, _, stderr) = await Validate(CogSchemas.FluxSchnellLike, """{ "num_outputs": 2 }""");

        exit.Should().Be(1);
        stderr.Should().StartWith("/prompt: required");
    }

    [TestCase("not json at all", """{ "prompt": "x" }""", "--schema")]
    [TestCase("""{ "openapi": "3.0.2", "components": { "schemas": { "Output": {} } } }""", """{ "prompt": "x" }""", "components.schemas.Input")]
    [TestCase(CogSchemas.FluxSchnellLike, """["prompt"]""", "JSON object")]
    [TestCase(CogSchemas.FluxSchnellLike, "{ nope", "--input")]
    public async Task An_unusable_schema_or_input_exits_2(string schema, string input, string said)
    {
        var (exit, _, stderr) = await Validate(schema, input);

        exit.Should().Be(2);
        stderr.Should().StartWith("replicate-tools: ").And.Contain(said);
    }

    [Test]
    public async Task Bad_usage_and_unreadable_files_exit_2()
    {
        (await ToolRun.InProcessAsync("model", "validate", "--schema", Path.Combine(_dir, "missing.json"), "--input", Path.Combine(_dir, "missing.json"))).Exit.Should().Be(2);
        (await ToolRun.InProcessAsync("model", "validate", "--schema", Write("s.json", CogSchemas.FluxSchnellLike))).Exit.Should().Be(2, "--input is required");
        (await ToolRun.InProcessAsync("model", "check", "--schema", "a", "--input", "b")).Exit.Should().Be(2);
    }

    [Test]
    public async Task The_script_runs_the_same_contract()
    {
        var (exit, _, stderr) = await ToolRun.ScriptAsync("model", "validate", "--schema", Write("schema.json", CogSchemas.FluxSchnellLike), "--input", Write("input.json", """{ "prompt": "a", "num_outputs": 5 }"""));

        exit.Should().Be(1);
        stderr.Trim().Should().Be("/num_outputs: maximum: 5 > 4");
    }

    private Task<(int Exit, string Out, string Err)> Validate(string schema, string input) =>
        ToolRun.InProcessAsync("model", "validate", "--schema", Write("schema.json", schema), "--input", Write("input.json", input));

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
