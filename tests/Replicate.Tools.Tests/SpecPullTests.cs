using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Replicate.Testing;

namespace Replicate.Tools.Tests;

/// <summary>
/// `spec pull` accepts only a JSON OpenAPI 3.x document with paths. Every bad response is served by a real
/// loopback server; each must exit 2 with a specific one-line message and leave cache, lock and baseline
/// byte-identical.
/// </summary>
public class SpecPullTests
{
    // A good document of the whole API: the committed baseline (hermetic: no pulled upstream document needed).
    private static string RealSpec => File.ReadAllText(RepoRoot.Combine("openapi", "replicate.baseline.json"));

    private static int BaselineOperations => JsonNode.Parse(File.ReadAllText(RepoRoot.Combine("openapi", "replicate.lock.json")))!["operations"]!.GetValue<int>();

    private static IEnumerable<TestCaseData> BadResponses()
    {
        yield return new TestCaseData(503, "application/json", """{"detail":"maintenance"}""", "answered HTTP 503").SetName("HTTP 503 is rejected");
        yield return new TestCaseData(404, "text/plain", "not found", "answered HTTP 404").SetName("HTTP 404 is rejected");
        yield return new TestCaseData(200, "text/html", "<!DOCTYPE html><html><body>Sign in</body></html>", "returned HTML, not JSON").SetName("An HTML page is rejected");
        yield return new TestCaseData(200, "application/json", "  <html>captive portal</html>", "returned HTML, not JSON").SetName("HTML labelled as JSON is rejected");
        yield return new TestCaseData(200, "text/plain", "openapi: 3.1.0\npaths: {}", "is not JSON").SetName("Non-JSON text is rejected");
        yield return new TestCaseData(200, "application/json", "", "is empty").SetName("An empty body is rejected");
        yield return new TestCaseData(200, "application/json", "   \n ", "is empty").SetName("A whitespace body is rejected");
        yield return new TestCaseData(200, "application/json", """{"openapi":"3.1.0","paths":{,}}""", "is not valid JSON").SetName("Malformed JSON is rejected");
        yield return new TestCaseData(200, "application/json", """{"hello":"world"}""", "is not an OpenAPI document").SetName("JSON that is not OpenAPI is rejected");
        yield return new TestCaseData(200, "application/json", """["openapi"]""", "not an object").SetName("A JSON array is rejected");
        yield return new TestCaseData(200, "application/json", """{"swagger":"2.0","paths":{"/a":{}}}""", "is Swagger 2.0, not OpenAPI 3.x").SetName("Swagger 2 is rejected");
        yield return new TestCaseData(200, "application/json", """{"openapi":"4.0.0","paths":{"/a":{}}}""", "is OpenAPI 4.0.0, not 3.x").SetName("OpenAPI 4 is rejected");
        yield return new TestCaseData(200, "application/json", """{"openapi":"3.1.0","info":{"title":"x","version":"1"}}""", "has no paths").SetName("A document without paths is rejected");
        yield return new TestCaseData(200, "application/json", """{"openapi":"3.1.0","paths":{}}""", "has no paths").SetName("A document with empty paths is rejected");
    }

    [TestCaseSource(nameof(BadResponses))]
    public async Task Bad_response_exits_2_with_its_reason_and_changes_nothing(int status, string contentType, string body, string reason)
    {
        using var repo = new TempRepo();
        await using var server = await LoopbackServer.StartAsync(status, contentType, body);
        var before = repo.Snapshot();

        var (exit, stdout, stderr) = await repo.RunAsync("spec", "pull", "--source", server.BaseAddress + "openapi.json");

        exit.Should().Be(2);
        stderr.Should().Contain(reason).And.StartWith("spec pull: rejected: ");
        stderr.TrimEnd().Should().NotContain("\n", "the reason is one line");
        stdout.Should().BeEmpty();
        repo.Snapshot().Should().BeEquivalentTo(before, "a rejected pull writes nothing: cache, lock and baseline stay byte-identical");
    }

    [Test]
    public async Task Truncated_json_is_rejected_as_truncated_and_changes_nothing()
    {
        using var repo = new TempRepo();
        var half = RealSpec[..(RealSpec.Length / 2)];
        await using var server = await LoopbackServer.StartAsync(200, "application/json", half);
        var before = repo.Snapshot();

        var (exit, _, stderr) = await repo.RunAsync("spec", "pull", "--source", server.BaseAddress + "openapi.json");

        exit.Should().Be(2);
        stderr.Should().Contain("is truncated JSON");
        repo.Snapshot().Should().BeEquivalentTo(before);
    }

    [Test]
    public async Task Unreachable_host_is_rejected_and_changes_nothing()
    {
        using var repo = new TempRepo();
        var before = repo.Snapshot();

        var (exit, _, stderr) = await repo.RunAsync("spec", "pull", "--source", $"http://127.0.0.1:{LoopbackServer.UnusedPort()}/openapi.json");

        exit.Should().Be(2);
        stderr.Should().Contain("cannot reach 127.0.0.1");
        repo.Snapshot().Should().BeEquivalentTo(before);
    }

    [Test]
    public async Task Connection_dropped_mid_body_is_rejected_and_changes_nothing()
    {
        using var repo = new TempRepo();
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = 100_000;
            await context.Response.WriteAsync(RealSpec[..1000]);
            await context.Response.Body.FlushAsync();
            await Task.Delay(200);
            context.Abort();
        });
        var before = repo.Snapshot();

        var (exit, _, stderr) = await repo.RunAsync("spec", "pull", "--source", server.BaseAddress + "openapi.json");

        exit.Should().Be(2);
        // Depending on timing the reset lands while reading the body or, under load, before the headers are read.
        stderr.Should().MatchRegex("broke while reading|failed before a response arrived");
        repo.Snapshot().Should().BeEquivalentTo(before);
    }

    [Test]
    public async Task Missing_and_empty_files_are_rejected_and_change_nothing()
    {
        using var repo = new TempRepo();
        var empty = Path.Combine(repo.Root, "empty.json");
        await File.WriteAllTextAsync(empty, string.Empty);
        var before = repo.Snapshot();

        var missing = await repo.RunAsync("spec", "pull", "--source", Path.Combine(repo.Root, "nope.json"));
        var blank = await repo.RunAsync("spec", "pull", "--source", empty);

        missing.Exit.Should().Be(2);
        missing.Err.Should().Contain("no such file");
        blank.Exit.Should().Be(2);
        blank.Err.Should().Contain("is empty");
        repo.Snapshot().Should().BeEquivalentTo(before);
    }

    [Test]
    public async Task A_good_pull_is_cached_exactly_with_its_sha256_and_source_and_leaves_baseline_and_lock_alone()
    {
        using var repo = new TempRepo(withCache: false);
        await using var server = await LoopbackServer.StartAsync(200, "application/json", RealSpec);
        var baseline = await File.ReadAllBytesAsync(Path.Combine(repo.OpenApi, "replicate.baseline.json"));
        var lockBytes = await File.ReadAllBytesAsync(Path.Combine(repo.OpenApi, "replicate.lock.json"));
        var url = server.BaseAddress + "openapi.json?token=secret";

        var (exit, stdout, _) = await repo.RunAsync("spec", "pull", "--source", url);

        exit.Should().Be(0);
        var expectedSha = Spec.SpecPuller.Sha256Hex(System.Text.Encoding.UTF8.GetBytes(RealSpec));
        stdout.Should().Contain(expectedSha).And.Contain($"{BaselineOperations} operations").And.NotContain("secret", "query strings may carry credentials");
        (await File.ReadAllTextAsync(repo.CachedSpec)).Should().Be(RealSpec);
        var info = await File.ReadAllTextAsync(Path.Combine(repo.OpenApi, ".cache", "replicate.openapi.pull.json"));
        info.Should().Contain(expectedSha).And.Contain(server.BaseAddress + "openapi.json").And.Contain("retrieved_at");
        Directory.GetFiles(Path.Combine(repo.OpenApi, ".cache"), "*.tmp").Should().BeEmpty("the write goes through a temp file that is renamed");
        (await File.ReadAllBytesAsync(Path.Combine(repo.OpenApi, "replicate.baseline.json"))).Should().Equal(baseline);
        (await File.ReadAllBytesAsync(Path.Combine(repo.OpenApi, "replicate.lock.json"))).Should().Equal(lockBytes);
        server.Requests.Should().ContainSingle().Which.Headers["Accept"].Should().Contain("application/json");
    }

    [Test]
    public async Task With_fallback_a_failed_pull_uses_the_cached_pull_and_says_so()
    {
        using var repo = new TempRepo();
        var before = repo.Snapshot();

        var (exit, stdout, stderr) = await repo.RunAsync("spec", "pull", "--fallback", "--source", $"http://127.0.0.1:{LoopbackServer.UnusedPort()}/x");

        exit.Should().Be(0);
        stderr.Should().Contain("rejected");
        stdout.Should().Contain("using the last good cached pull of earlier-good-pull.json");
        repo.Snapshot().Should().BeEquivalentTo(before);
    }

    [Test]
    public async Task With_fallback_and_no_cache_a_failed_pull_uses_the_committed_baseline_and_says_so()
    {
        using var repo = new TempRepo(withCache: false);

        var (exit, stdout, _) = await repo.RunAsync("spec", "pull", "--fallback", "--source", $"http://127.0.0.1:{LoopbackServer.UnusedPort()}/x");

        exit.Should().Be(0);
        stdout.Should().Contain("using the committed baseline openapi/replicate.baseline.json");
    }

    [Test]
    public async Task With_fallback_and_nothing_to_fall_back_to_the_pull_fails()
    {
        using var repo = new TempRepo(withCache: false, withBaseline: false);

        var (exit, _, stderr) = await repo.RunAsync("spec", "pull", "--fallback", "--source", $"http://127.0.0.1:{LoopbackServer.UnusedPort()}/x");

        exit.Should().Be(2);
        stderr.Should().Contain("no cached pull and no committed baseline");
    }

    [Test]
    public async Task A_corrupted_cache_is_not_used_as_a_fallback()
    {
        using var repo = new TempRepo();
        await File.WriteAllTextAsync(repo.CachedSpec, "{\"openapi\":\"3.1.0\",\"paths\":{\"/a\"");

        var (exit, stdout, _) = await repo.RunAsync("spec", "pull", "--fallback", "--source", $"http://127.0.0.1:{LoopbackServer.UnusedPort()}/x");

        exit.Should().Be(0);
        stdout.Should().Contain("committed baseline");
    }

    [Test]
    public async Task Pulling_an_unchanged_document_leaves_the_cached_file_untouched_so_builds_stay_incremental()
    {
        using var repo = new TempRepo();
        var stamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(repo.CachedSpec, stamp);
        await using var server = await LoopbackServer.StartAsync(200, "application/json", RealSpec);

        var (exit, _, _) = await repo.RunAsync("spec", "pull", "--source", server.BaseAddress + "openapi.json");

        exit.Should().Be(0);
        File.GetLastWriteTimeUtc(repo.CachedSpec).Should().Be(stamp);
        (await File.ReadAllTextAsync(Path.Combine(repo.OpenApi, ".cache", "replicate.openapi.pull.json"))).Should().Contain(server.BaseAddress.ToString(), "the provenance is updated");
    }
}
