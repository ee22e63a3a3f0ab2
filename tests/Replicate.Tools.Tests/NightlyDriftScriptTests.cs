using System.Diagnostics;
using Replicate.Testing;

namespace Replicate.Tools.Tests;

/// <summary>
/// scripts/nightly-drift, the logic behind the nightly workflow, run for real in a throwaway git repository with a
/// local bare remote. make, the spec tool and the GitHub CLI are stand-ins that record their calls and play one
/// outcome each (breaking, non-breaking, none), so every branch of the script is exercised without a network.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class NightlyDriftScriptTests
{
    private const string FakeMake = """
        #!/usr/bin/env bash
        echo "make $*" >> "$LOG"
        case "$1" in
          accept-spec)
            echo "retrieved $(date +%s%N)" > openapi/replicate.lock.json
            if [ "$FAKE_DRIFT" = changed ]; then echo '{"changed":true}' > openapi/replicate.baseline.json; fi ;;
          accept-api) echo "public class Added" >> api/Replicate.Client.txt ;;
          test) [ -z "${FAKE_TESTS_FAIL:-}" ] || exit 2 ;;
        esac
        """;

    private const string FakeTools = """
        #!/usr/bin/env bash
        echo "tools $*" >> "$LOG"
        mkdir -p artifacts/drift
        if [ "$1" = model ]; then
          out="${@: -1}"
          if [ "$3" = --accept ]; then
            echo "schema of v2" > models/schemas/acme-v2.json
            echo '{"models":[{"model":"acme/flux","version":"v2"}]}' > models/models.lock.json
            echo "### Model-schema drift: accepted" > "$out"
            exit 0
          fi
          echo "### Model-schema drift: the model report \`model-version-changed\`" > "$out"
          exit "${FAKE_MODEL_STATUS:-0}"
        fi
        if [ "$2" = checklist ]; then echo "### Still owed: the checklist" > "$6"; exit 0; fi
        echo "### Spec drift: the report" > "$4"
        exit "$FAKE_STATUS"
        """;

    private const string FakeGh = """
        #!/usr/bin/env bash
        echo "gh $*" >> "$LOG"
        if [ "$2" = list ]; then echo "${FAKE_EXISTING:-}"; fi
        for ((i = 1; i <= $#; i++)); do
          if [ "${!i}" = --body-file ]; then j=$((i + 1)); cat "${!j}" >> "$LOG.body"; fi
        done
        """;

    // The script and its stand-ins are bash programs: this runs where bash and executable file modes exist.
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private sealed class Sandbox : IDisposable
    {
        public Sandbox(bool withModels = false)
        {
            Root = Directory.CreateTempSubdirectory("replicate-nightly-").FullName;
            Repo = Path.Combine(Root, "repo");
            Remote = Path.Combine(Root, "remote.git");
            Log = Path.Combine(Root, "calls.log");
            Directory.CreateDirectory(Path.Combine(Repo, "scripts"));
            Directory.CreateDirectory(Path.Combine(Repo, "openapi"));
            Directory.CreateDirectory(Path.Combine(Repo, "api"));
            File.Copy(RepoRoot.Combine("scripts", "nightly-drift"), Path.Combine(Repo, "scripts", "nightly-drift"));
            File.WriteAllText(Path.Combine(Repo, "openapi", "replicate.baseline.json"), "{}\n");
            File.WriteAllText(Path.Combine(Repo, "openapi", "replicate.lock.json"), "retrieved before\n");
            File.WriteAllText(Path.Combine(Repo, "api", "Replicate.Client.txt"), "// listing\n");
            File.WriteAllText(Path.Combine(Repo, ".gitignore"), "artifacts/\n");
            if (withModels)
            {
                Directory.CreateDirectory(Path.Combine(Repo, "models", "schemas"));
                File.WriteAllText(Path.Combine(Repo, "models", "models.lock.json"), "{\"models\":[{\"model\":\"acme/flux\",\"version\":\"v1\"}]}\n");
                File.WriteAllText(Path.Combine(Repo, "models", "schemas", "acme-v1.json"), "schema of v1\n");
            }

            Fake("make", FakeMake);
            Fake("tools", FakeTools);
            Fake("gh", FakeGh);
            Git(Root, "init", "-q", "--bare", Remote);
            Git(Repo, "init", "-q", "-b", "main");
            Git(Repo, "add", "-A");
            Git(Repo, "-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", "start");
            Git(Repo, "remote", "add", "origin", Remote);
            Git(Repo, "push", "-q", "origin", "main");
        }

        public string Root { get; }

        public string Repo { get; }

        public string Remote { get; }

        public string Log { get; }

        public string[] Calls => File.Exists(Log) ? File.ReadAllLines(Log) : [];

        public string Bodies => File.Exists(Log + ".body") ? File.ReadAllText(Log + ".body") : "";

        public (int Exit, string Output) Run(int toolStatus, string drift = "none", string? existing = null, int? modelStatus = null, string? token = null)
        {
            var start = new ProcessStartInfo("bash", [Path.Combine(Repo, "scripts", "nightly-drift")])
            {
                WorkingDirectory = Repo,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["MAKE"] = Path.Combine(Root, "make");
            start.Environment["REPLICATE_TOOLS"] = Path.Combine(Root, "tools");
            start.Environment["LOG"] = Log;
            start.Environment["FAKE_STATUS"] = toolStatus.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["FAKE_DRIFT"] = drift;
            start.Environment["FAKE_MODEL_STATUS"] = (modelStatus ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["REPLICATE_API_TOKEN"] = token ?? "";
            start.Environment["GITHUB_REF_NAME"] = "";
            start.Environment["GITHUB_RUN_ID"] = "";
            start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
            start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";

            // The stand-in gh answers "issue list" and "pr list" with the number of an open one, if any.
            start.Environment["FAKE_EXISTING"] = existing ?? "";
            start.Environment["GH"] = Path.Combine(Root, "gh");
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, output.Result + error.Result);
        }

        public string Git(string directory, params string[] args)
        {
            var start = new ProcessStartInfo("git", args) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
            start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error}");
        }

        public void Dispose() => Directory.Delete(Root, recursive: true);

        private void Fake(string name, string script)
        {
            var path = Path.Combine(Root, name);
            File.WriteAllText(path, script.ReplaceLineEndings("\n") + "\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Test]
    public void Breaking_drift_opens_one_issue_and_fails()
    {
        using var sandbox = new Sandbox();

        var (exit, output) = sandbox.Run(toolStatus: 1);

        exit.Should().Be(1, output);
        sandbox.Calls.Should().ContainInOrder("make pull PULL_FALLBACK=", "tools spec drift --markdown-out artifacts/drift/spec-drift.md");
        sandbox.Calls.Should().Contain(c => c.StartsWith("gh issue create --title ", StringComparison.Ordinal) && c.Contains("--label spec-drift", StringComparison.Ordinal));
        sandbox.Calls.Should().NotContain(c => c.StartsWith("make accept", StringComparison.Ordinal), "breaking drift is never accepted automatically");
        sandbox.Bodies.Should().Contain("### Spec drift: the report").And.Contain("make accept-spec accept-api");
    }

    [Test]
    public void Breaking_drift_updates_the_open_issue_instead_of_opening_another()
    {
        using var sandbox = new Sandbox();

        var (exit, output) = sandbox.Run(toolStatus: 1, existing: "42");

        exit.Should().Be(1);
        output.Should().Contain("updated issue #42");
        sandbox.Calls.Should().Contain(c => c.StartsWith("gh issue edit 42 --body-file ", StringComparison.Ordinal));
        sandbox.Calls.Should().NotContain(c => c.StartsWith("gh issue create", StringComparison.Ordinal));
    }

    [Test]
    public void Non_breaking_drift_accepts_tests_pushes_the_branch_and_opens_one_pull_request()
    {
        using var sandbox = new Sandbox();

        var (exit, output) = sandbox.Run(toolStatus: 0, drift: "changed");

        exit.Should().Be(0, output);
        sandbox.Calls.Where(c => c.StartsWith("make", StringComparison.Ordinal))
            .Should().Equal("make pull PULL_FALLBACK=", "make accept-spec", "make accept-api", "make test");
        sandbox.Calls.Should().Contain(c => c.StartsWith("gh pr create --base main --head spec-drift/nightly", StringComparison.Ordinal));
        var pushed = sandbox.Git(sandbox.Remote, "show", "--stat", "--format=%s", "spec-drift/nightly");
        pushed.Should().StartWith("Accept non-breaking spec drift")
            .And.Contain("openapi/replicate.baseline.json").And.Contain("openapi/replicate.lock.json").And.Contain("api/Replicate.Client.txt");
        sandbox.Bodies.Should().Contain("### Spec drift: the report").And.Contain("### Still owed: the checklist")
            .And.Contain("the whole suite passed");
        sandbox.Calls.Should().ContainInOrder("make test", "tools spec checklist --coverage artifacts/contracts/coverage.json --markdown-out artifacts/drift/checklist.md");
    }

    [Test]
    public void Non_breaking_drift_updates_the_open_pull_request()
    {
        using var sandbox = new Sandbox();

        var (exit, output) = sandbox.Run(toolStatus: 0, drift: "changed", existing: "7");

        exit.Should().Be(0, output);
        output.Should().Contain("updated pull request #7");
        sandbox.Calls.Should().NotContain(c => c.StartsWith("gh pr create", StringComparison.Ordinal));
    }

    [Test]
    public void No_drift_does_nothing_and_leaves_the_checkout_clean()
    {
        using var sandbox = new Sandbox();

        var (exit, output) = sandbox.Run(toolStatus: 0, drift: "none");

        exit.Should().Be(0, output);
        output.Should().Contain("nightly-drift: no drift");
        sandbox.Calls.Should().NotContain(c => c.StartsWith("gh ", StringComparison.Ordinal) || c == "make accept-api");
        sandbox.Git(sandbox.Repo, "status", "--porcelain").Should().BeEmpty("a provenance-only change of the lock is not proposed");
        sandbox.Git(sandbox.Remote, "branch", "--list").Should().NotContain("spec-drift/nightly");
    }

    [Test]
    public void A_diff_that_cannot_run_fails_without_touching_GitHub()
    {
        using var sandbox = new Sandbox();

        var (exit, _) = sandbox.Run(toolStatus: 2);

        exit.Should().Be(2);
        sandbox.Calls.Should().NotContain(c => c.StartsWith("gh ", StringComparison.Ordinal) || c.StartsWith("make accept", StringComparison.Ordinal));
    }

    [Test]
    public void Breaking_drift_of_a_pinned_model_opens_the_issue_with_both_reports()
    {
        using var sandbox = new Sandbox(withModels: true);

        var (exit, output) = sandbox.Run(toolStatus: 0, modelStatus: 1, token: "r8_nightly");

        exit.Should().Be(1, output);
        sandbox.Calls.Should().ContainInOrder("tools spec drift --markdown-out artifacts/drift/spec-drift.md", "tools model drift --markdown-out artifacts/drift/model-drift.md");
        sandbox.Calls.Should().Contain(c => c.StartsWith("gh issue create ", StringComparison.Ordinal));
        sandbox.Calls.Should().NotContain(c => c.StartsWith("make accept", StringComparison.Ordinal) || c.Contains("--accept", StringComparison.Ordinal));
        sandbox.Bodies.Should().Contain("### Spec drift: the report").And.Contain("### Model-schema drift: the model report").And.Contain("model update");
    }

    [Test]
    public void A_pinned_model_with_a_non_breaking_new_version_moves_in_the_pull_request()
    {
        using var sandbox = new Sandbox(withModels: true);

        var (exit, output) = sandbox.Run(toolStatus: 0, drift: "none", modelStatus: 0, token: "r8_nightly");

        exit.Should().Be(0, output);
        sandbox.Calls.Should().ContainInOrder("make accept-spec", "tools model drift --accept --markdown-out artifacts/drift/model-drift.md", "make accept-api", "make test");
        var pushed = sandbox.Git(sandbox.Remote, "show", "--stat", "--format=%s", "spec-drift/nightly");
        pushed.Should().Contain("models/models.lock.json").And.Contain("models/schemas/acme-v2.json").And.NotContain("openapi/replicate.baseline.json");
        sandbox.Bodies.Should().Contain("### Model-schema drift: accepted");
    }

    [Test]
    public void Without_a_token_the_pinned_models_are_reported_as_not_checked_and_the_spec_job_goes_on()
    {
        using var sandbox = new Sandbox(withModels: true);

        var (exit, output) = sandbox.Run(toolStatus: 1);

        exit.Should().Be(1, output);
        output.Should().Contain("REPLICATE_API_TOKEN is not set");
        sandbox.Calls.Should().NotContain(c => c.StartsWith("tools model", StringComparison.Ordinal));
        sandbox.Bodies.Should().Contain("Not checked: REPLICATE_API_TOKEN is not set");
    }
}
