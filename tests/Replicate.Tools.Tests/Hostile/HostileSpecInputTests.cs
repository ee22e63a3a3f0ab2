using System.Text;
using Microsoft.AspNetCore.Http;
using Replicate.Testing;

namespace Replicate.Tools.Tests.Hostile;

/// <summary>
/// The spec tool under hostile input: each case exits 2 with a one-line reason and writes nothing, where it used to
/// crash (exit 134), accept garbage, hang or read gigabytes.
/// </summary>
public class HostileSpecInputTests
{
    private const string Minimal = """{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"operationId":"a.get","responses":{"200":{"description":"ok"}}}}}}""";

    private static async Task<(int Exit, string Err)> PullAsync(TempRepo repo, LoopbackServer server, params string[] extra)
    {
        var before = repo.Snapshot();
        var (exit, stdout, stderr) = await repo.RunAsync(["spec", "pull", "--source", server.BaseAddress + "openapi.json", .. extra]);
        stdout.Should().BeEmpty();
        stderr.TrimEnd().Should().NotContain("\n", "the reason is one line");
        repo.Snapshot().Should().BeEquivalentTo(before, "a rejected pull writes nothing");
        return (exit, stderr);
    }

    [Test]
    public async Task A_document_with_a_duplicate_key_is_rejected_by_pull_and_by_diff()
    {
        using var repo = new TempRepo(withCache: false);
        var duplicated = Minimal.Replace("\"info\"", "\"paths\":{},\"info\"", StringComparison.Ordinal);
        await using var server = await LoopbackServer.StartAsync(200, "application/json", duplicated);

        var (exit, stderr) = await PullAsync(repo, server);
        exit.Should().Be(2);
        stderr.Should().Contain("duplicate key");

        var old = Path.Combine(repo.Root, "old.json");
        var bad = Path.Combine(repo.Root, "new.json");
        await File.WriteAllTextAsync(old, Minimal);
        await File.WriteAllTextAsync(bad, duplicated);
        var (diffExit, _, diffErr) = await repo.RunAsync("spec", "diff", old, bad);
        diffExit.Should().Be(2);
        diffErr.Should().Contain("duplicate key");
    }

    [Test]
    public async Task A_document_that_is_not_valid_utf8_is_rejected()
    {
        using var repo = new TempRepo(withCache: false);
        var bytes = Encoding.UTF8.GetBytes(Minimal.Replace("\"t\"", "\"t\u00e9\"", StringComparison.Ordinal));
        var at = Array.IndexOf(bytes, (byte)0xC3);
        bytes[at + 1] = 0x28; // a lead byte followed by something that is not a continuation byte
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(bytes);
        });

        var (exit, stderr) = await PullAsync(repo, server);

        exit.Should().Be(2);
        stderr.Should().Contain("not valid UTF-8");
    }

    [Test]
    public async Task A_body_that_never_ends_is_bounded_by_the_timeout()
    {
        using var repo = new TempRepo(withCache: false);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"openapi\":\"3.1.0\",");
            await context.Response.Body.FlushAsync();
            try
            {
                while (true)
                {
                    await context.Response.WriteAsync(" ", context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    await Task.Delay(50, context.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
                // the tool gave up, as intended
            }
        });

        var (exit, stderr) = await PullAsync(repo, server, "--timeout", "0.5");

        exit.Should().Be(2);
        stderr.Should().Contain("timed out").And.Contain("did not end");
    }

    [Test]
    public async Task A_body_without_a_length_is_stopped_at_the_size_cap()
    {
        using var repo = new TempRepo(withCache: false);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            // Chunked and endless: the pull can only end by stopping at its cap.
            context.Response.ContentType = "application/json";
            var chunk = Encoding.ASCII.GetBytes(new string(' ', 1024 * 1024));
            await context.Response.WriteAsync("{\"openapi\":\"3.1.0\",");
            try
            {
                while (!context.RequestAborted.IsCancellationRequested)
                {
                    await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
            {
                // the tool stopped reading at the cap
            }
        });

        var (exit, stderr) = await PullAsync(repo, server);

        exit.Should().Be(2);
        stderr.Should().Contain("larger than 64 MiB");
    }

    [Test]
    public async Task Yaml_nested_far_too_deep_is_rejected_without_overflowing_the_stack()
    {
        using var repo = new TempRepo(withCache: false);
        var old = Path.Combine(repo.Root, "old.json");
        var deep = Path.Combine(repo.Root, "new.yaml");
        await File.WriteAllTextAsync(old, Minimal);
        await File.WriteAllTextAsync(deep, "openapi: 3.1.0\npaths: " + new string('[', 100_000) + new string(']', 100_000) + "\n");

        var (exit, _, stderr) = await repo.RunAsync("spec", "diff", old, deep);

        exit.Should().Be(2);
        stderr.Should().Contain("deeper than 256");
    }

    [Test]
    public async Task A_yaml_alias_bomb_is_rejected_before_it_grows()
    {
        using var repo = new TempRepo(withCache: false);
        var old = Path.Combine(repo.Root, "old.json");
        var bomb = Path.Combine(repo.Root, "new.yaml");
        await File.WriteAllTextAsync(old, Minimal);
        var yaml = new StringBuilder("openapi: 3.1.0\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i <= 9; i++)
        {
            yaml.Append($"x{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
        }

        yaml.Append("paths: *a9\n");
        await File.WriteAllTextAsync(bomb, yaml.ToString());

        var (exit, _, stderr) = await repo.RunAsync("spec", "diff", old, bomb);

        exit.Should().Be(2);
        stderr.Should().Contain("expands to more than");
    }
}
