using Replicate.Testing;

namespace Replicate.Tools.Tests.Webhooks;

/// <summary>`replicate-tools webhook sign|verify`: output, exit codes and the exact reason tokens scripts match on.</summary>
public class WebhookCommandTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string Timestamp = "1614265330";
    private const string Signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private string _dir = null!;
    private string _body = null!;

    [SetUp]
    public void CreateBodyFile()
    {
        _dir = Directory.CreateTempSubdirectory("replicate-webhook-").FullName;
        _body = Path.Combine(_dir, "body.json");
        File.WriteAllText(_body, """{"test": 2432232314}""");
    }

    [TearDown]
    public void DeleteBodyFile() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task Sign_prints_the_standard_webhooks_signature()
    {
        var (exit, stdout, stderr) = await RunAsync("webhook", "sign", "--secret", Secret, "--id", Id, "--timestamp", Timestamp, "--body-file", _body);

        exit.Should().Be(0);
        stdout.Should().Be(Signature + Environment.NewLine);
        stderr.Should().BeEmpty();
    }

    [Test]
    public async Task Verify_accepts_the_standard_webhooks_vector_at_its_time()
    {
        var (exit, stdout, stderr) = await VerifyAsync("--now", Timestamp);

        exit.Should().Be(0);
        stdout.Should().Be("valid" + Environment.NewLine);
        stderr.Should().BeEmpty();
    }

    [TestCase("--id", "", "missing_header")]
    [TestCase("--timestamp", "", "missing_header")]
    [TestCase("--signature", "", "missing_header")]
    [TestCase("--secret", "whsec_!!!", "invalid_secret")]
    [TestCase("--secret", "whsec_", "invalid_secret")]
    [TestCase("--timestamp", "1614265330.0", "invalid_timestamp")]
    [TestCase("--timestamp", "-1614265330", "invalid_timestamp")]
    [TestCase("--now", "1614265631", "timestamp_too_old")]
    [TestCase("--now", "1614265029", "timestamp_too_new")]
    [TestCase("--signature", "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "no_matching_signature")]
    [TestCase("--id", "msg_other", "no_matching_signature")]
    public async Task Verify_exits_1_and_prints_exactly_the_reason_on_stderr(string option, string value, string token)
    {
        var (exit, stdout, stderr) = await VerifyAsync(option, value);

        exit.Should().Be(1);
        stderr.Should().Be(token + Environment.NewLine, "scripts compare stderr with the token");
        stdout.Should().BeEmpty();
    }

    [Test]
    public async Task Verify_rejects_a_tampered_body_file()
    {
        await File.WriteAllTextAsync(_body, """{"test": 2432232315}""");

        var (exit, _, stderr) = await VerifyAsync("--now", Timestamp);

        exit.Should().Be(1);
        stderr.Should().Be("no_matching_signature" + Environment.NewLine);
    }

    [TestCase(null, 300, 0)]
    [TestCase(null, 301, 1)]
    [TestCase(null, -300, 0)]
    [TestCase(null, -301, 1)]
    [TestCase("10", 10, 0)]
    [TestCase("10", 11, 1)]
    [TestCase("0", 0, 0)]
    [TestCase("0", 1, 1)]
    public async Task Tolerance_is_inclusive_and_configurable(string? tolerance, int nowMinusTimestamp, int expectedExit)
    {
        string[] extra = ["--now", (1614265330L + nowMinusTimestamp).ToString(System.Globalization.CultureInfo.InvariantCulture)];
        if (tolerance is not null)
        {
            extra = [.. extra, "--tolerance", tolerance];
        }

        var (exit, _, _) = await VerifyAsync(extra);

        exit.Should().Be(expectedExit, $"a delivery {nowMinusTimestamp} s away with tolerance {tolerance ?? "300 (default)"}");
    }

    [Test]
    public async Task Without_now_the_real_clock_is_used()
    {
        var (oldExit, _, oldStderr) = await RunAsync("webhook", "verify", "--secret", Secret, "--id", Id, "--timestamp", Timestamp, "--signature", Signature, "--body-file", _body);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (_, signature, _) = await RunAsync("webhook", "sign", "--secret", Secret, "--id", Id, "--timestamp", now, "--body-file", _body);
        var (freshExit, _, _) = await RunAsync("webhook", "verify", "--secret", Secret, "--id", Id, "--timestamp", now, "--signature", signature.Trim(), "--body-file", _body);

        oldExit.Should().Be(1);
        oldStderr.Should().Be("timestamp_too_old" + Environment.NewLine, "the 2021 vector is years older than the real clock");
        freshExit.Should().Be(0);
    }

    [TestCase(new[] { "webhook", "verify", "--secret", Secret, "--id", Id, "--timestamp", Timestamp, "--signature", Signature }, "--body-file is required")]
    [TestCase(new[] { "webhook", "verify", "--secret", Secret, "--id", Id, "--timestamp", Timestamp, "--body-file", "x" }, "--signature is required")]
    [TestCase(new[] { "webhook", "verify", "--secret", Secret, "--id", Id, "--timestamp", Timestamp, "--signature", Signature, "--body-file", "/nonexistent/body.json" }, "no such file")]
    [TestCase(new[] { "webhook", "verify", "--secret", Secret, "--id", Id, "--timestamp", Timestamp, "--signature", Signature, "--body-file", "BODY", "--now", "yesterday" }, "--now must be Unix seconds")]
    [TestCase(new[] { "webhook", "verify", "--secret", Secret, "--id", Id, "--timestamp", Timestamp, "--signature", Signature, "--body-file", "BODY", "--tolerance", "-5" }, "--tolerance must be a whole number")]
    [TestCase(new[] { "webhook", "verify", "--secret", Secret, "--id", Id, "--timestamp", Timestamp, "--signature", Signature, "--body-file", "BODY", "--tolerence", "5" }, "unknown option: --tolerence")]
    [TestCase(new[] { "webhook", "sign", "--secret", "whsec_!!!", "--id", Id, "--timestamp", Timestamp, "--body-file", "BODY" }, "--secret is not a valid secret")]
    [TestCase(new[] { "webhook", "sign", "--secret", Secret, "--id", Id, "--timestamp", "soon", "--body-file", "BODY" }, "--timestamp must be Unix seconds")]
    [TestCase(new[] { "webhook", "sign", "--secret", Secret, "--id", "", "--timestamp", Timestamp, "--body-file", "BODY" }, "--id must not be empty")]
    [TestCase(new[] { "webhook", "frobnicate" }, "unknown webhook command 'frobnicate'")]
    public async Task Bad_usage_exits_2_and_says_what_is_wrong(string[] args, string message)
    {
        var (exit, _, stderr) = await RunAsync([.. args.Select(a => a == "BODY" ? _body : a)]);

        exit.Should().Be(2);
        stderr.Should().Contain(message).And.Contain("usage: replicate-tools webhook");
    }

    [Test]
    public async Task The_script_signs_and_verifies_and_reports_the_reason()
    {
        var sign = await ScriptAsync("webhook", "sign", "--secret", Secret, "--id", Id, "--timestamp", Timestamp, "--body-file", _body);
        var valid = await ScriptAsync("webhook", "verify", "--secret", Secret, "--id", Id, "--timestamp", Timestamp, "--signature", sign.Out.Trim(), "--body-file", _body, "--now", "1614265630");
        var old = await ScriptAsync("webhook", "verify", "--secret", Secret, "--id", Id, "--timestamp", Timestamp, "--signature", sign.Out.Trim(), "--body-file", _body, "--now", "1614265631");
        var usage = await ScriptAsync("webhook", "verify", "--secret", Secret);

        sign.Should().Be((0, Signature + "\n", string.Empty));
        valid.Exit.Should().Be(0);
        old.Should().Be((1, string.Empty, "timestamp_too_old\n"));
        usage.Exit.Should().Be(2);
    }

    /// <summary>Verifies the vector at its own time, with some options replaced.</summary>
    private Task<(int Exit, string Out, string Err)> VerifyAsync(params string[] overrides)
    {
        var options = new Dictionary<string, string>
        {
            ["--secret"] = Secret,
            ["--id"] = Id,
            ["--timestamp"] = Timestamp,
            ["--signature"] = Signature,
            ["--body-file"] = _body,
            ["--now"] = Timestamp,
        };
        for (var i = 0; i < overrides.Length; i += 2)
        {
            options[overrides[i]] = overrides[i + 1];
        }

        return RunAsync([.. new[] { "webhook", "verify" }.Concat(options.SelectMany(o => new[] { o.Key, o.Value }))]);
    }

    private static Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => ToolRun.InProcessAsync(args);

    private static Task<(int Exit, string Out, string Err)> ScriptAsync(params string[] args) => ToolRun.ScriptAsync(args);
}
