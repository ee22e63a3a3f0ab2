namespace Replicate.Mcp.Tests;

/// <summary>How the settings combine: the command line's --allow replaces the variable's, --deny adds to it, either read-only switch turns it on.</summary>
public class OptionsTests
{
    [Test]
    public void The_command_line_refines_the_environment()
    {
        var options = ReplicateMcpOptions.FromEnvironment(
            ["--allow", "models", "--deny", "models_delete", "--audit-log", "/tmp/audit.jsonl", "--no-validate"],
            new Dictionary<string, string>
            {
                ["REPLICATE_MCP_ALLOW"] = "predictions",
                ["REPLICATE_MCP_DENY"] = "predictions_cancel",
                ["REPLICATE_MCP_READ_ONLY"] = "1",
                ["REPLICATE_BASE_URL"] = "http://127.0.0.1:8080/v1",
                ["REPLICATE_MCP_DOWNLOAD_DIR"] = "/tmp/outputs",
            });

        options.Allow.Should().Equal("models");
        options.Deny.Should().Equal("predictions_cancel", "models_delete");
        options.ReadOnly.Should().BeTrue();
        options.BaseAddress.Should().Be(new Uri("http://127.0.0.1:8080/v1/"), "a missing final slash is added");
        options.AuditLogPath.Should().Be("/tmp/audit.jsonl");
        options.DownloadFolder.Should().Be("/tmp/outputs");
        options.ValidateInputs.Should().BeFalse();
    }

    [Test]
    public void Defaults_are_safe_and_the_description_holds_no_token()
    {
        var options = ReplicateMcpOptions.FromEnvironment([], new Dictionary<string, string> { ["REPLICATE_API_TOKEN"] = "r8_notAnOption" });

        options.BaseAddress.Should().Be(new Uri("https://api.replicate.com/v1/"));
        options.ValidateInputs.Should().BeTrue();
        options.AuditLogPath.Should().BeNull();
        options.ToString().Should().NotContain("r8_");
    }

    [TestCase("--bogus")]
    [TestCase("--allow")]
    [TestCase("--log-level", "loud")]
    public void A_malformed_command_line_names_what_is_wrong(params string[] arguments)
    {
        var parse = () => ReplicateMcpOptions.FromEnvironment(arguments, new Dictionary<string, string>());

        parse.Should().Throw<ArgumentException>().WithMessage($"*{arguments[0]}*");
    }
}
