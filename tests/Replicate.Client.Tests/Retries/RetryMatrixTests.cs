using System.Text.Json;
using Replicate.Client.Errors;
using Replicate.Generated;
using Replicate.Testing;

namespace Replicate.Client.Tests.Retries;

/// <summary>
/// Which failures are retried, for which methods, after which delay — over real loopback HTTP with a fake clock
/// (delays are recorded, never slept).
/// </summary>
public class RetryMatrixTests
{
    private static readonly Dictionary<string, string> NoHeaders = [];

    public static IEnumerable<TestCaseData> RetriedFailures()
    {
        foreach (var method in new[] { "GET", "DELETE", "QUERY" })
        {
            yield return new TestCaseData(method, 408, null, NoHeaders, 0.4).SetName($"{method} is retried after 408 with backoff");
            yield return new TestCaseData(method, 500, null, NoHeaders, 0.4).SetName($"{method} is retried after 500 with backoff");
            yield return new TestCaseData(method, 502, null, NoHeaders, 0.4).SetName($"{method} is retried after 502 with backoff");
            yield return new TestCaseData(method, 503, null, NoHeaders, 0.4).SetName($"{method} is retried after 503 with backoff");
            yield return new TestCaseData(method, 504, null, NoHeaders, 0.4).SetName($"{method} is retried after 504 with backoff");
            yield return new TestCaseData(method, 429, null, new Dictionary<string, string> { ["Retry-After"] = "2" }, 2.0).SetName($"{method} after 429 waits Retry-After seconds");
            yield return new TestCaseData(method, 429, """{"detail":"slow down","retry_after":4}""", NoHeaders, 4.0).SetName($"{method} after 429 waits the body's retry_after");
            yield return new TestCaseData(method, 429, """{"title":"Request was throttled.","detail":"Request was throttled. Your rate limit resets in ~5s."}""", NoHeaders, 5.0).SetName($"{method} after 429 waits the ~Ns of the detail");
            yield return new TestCaseData(method, 503, null, new Dictionary<string, string> { ["Retry-After"] = "7" }, 7.0).SetName($"{method} after 503 honours Retry-After");
        }
    }

    [TestCaseSource(nameof(RetriedFailures))]
    public async Task Idempotent_request_is_retried_once_after_a_transient_failure(string method, int status, string? body, Dictionary<string, string> headers, double expectedDelaySeconds)
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(status, body, "application/problem+json", headers).Respond(method == "DELETE" ? 204 : 200, ResponseFor(method));
        var time = new FakeTimeProvider();
        using var client = TestClients.For(server, time);

        await Call(client, method);

        server.Requests.Should().HaveCount(2, "one failure, one retry");
        time.AutoAdvanced.Should().Equal([TimeSpan.FromSeconds(expectedDelaySeconds)], "the server's delay comes first, else backoff (0.8 s × 2⁰ × jitter 0.5)");
    }

    [Test]
    public async Task Retry_after_given_as_an_http_date_is_honoured()
    {
        await using var server = await ScriptedServer.StartAsync();
        var time = new FakeTimeProvider();
        var at = time.GetUtcNow().AddSeconds(3).ToString("R");
        server.Respond(429, null, headers: new Dictionary<string, string> { ["Retry-After"] = at }).Respond(200, TestClients.Prediction);
        using var client = TestClients.For(server, time);

        await client.Predictions.GetAsync("p1");

        time.AutoAdvanced.Should().Equal(TimeSpan.FromSeconds(3));
    }

    [TestCase("GET")]
    [TestCase("DELETE")]
    public async Task Idempotent_request_is_retried_after_a_dropped_connection(string method)
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Reset().Respond(method == "GET" ? 200 : 204, method == "GET" ? TestClients.Prediction : null);
        using var client = TestClients.For(server);

        await Call(client, method);

        server.Requests.Should().HaveCount(2);
    }

    [Test]
    public async Task Idempotent_request_is_retried_after_a_timeout_and_the_timeout_is_per_attempt()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Hang().Respond(200, TestClients.Prediction);
        var time = new FakeTimeProvider();
        using var client = TestClients.For(server, time);

        var call = client.Predictions.GetAsync("p1");
        await server.WaitForRequestsAsync(1);
        time.Advance(TimeSpan.FromSeconds(100));
        var prediction = await call;

        prediction.Id.Should().Be("p1");
        server.Requests.Should().HaveCount(2);
    }

    [TestCase(500)]
    [TestCase(502)]
    [TestCase(503)]
    [TestCase(408)]
    public async Task A_create_POST_is_never_repeated_after_a_server_error(int status)
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(status, """{"detail":"boom"}""").Respond(201, TestClients.Prediction);
        using var client = TestClients.For(server);

        var act = () => client.Predictions.CreateAsync(new VersionPredictionRequest { Version = "v", Input = JsonDocument.Parse("{}").RootElement });

        (await act.Should().ThrowAsync<ReplicateApiException>()).Which.StatusCode.Should().Be(status);
        server.Requests.Should().ContainSingle("re-sending a create could run and bill it twice");
    }

    [Test]
    public async Task A_create_POST_is_never_repeated_after_a_timeout()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Hang().Respond(201, TestClients.Prediction);
        var time = new FakeTimeProvider();
        using var client = TestClients.For(server, time);

        var call = client.Predictions.CreateAsync(new VersionPredictionRequest { Version = "v", Input = JsonDocument.Parse("{}").RootElement });
        await server.WaitForRequestsAsync(1);
        time.Advance(TimeSpan.FromSeconds(100));

        var thrown = await FluentActions.Awaiting(() => call).Should().ThrowAsync<ReplicateTimeoutException>();
        thrown.Which.Operation.Should().Be("POST /v1/predictions");
        thrown.Which.Message.Should().Contain("POST /v1/predictions").And.Contain("100 s");
        server.Requests.Should().ContainSingle();
    }

    [Test]
    public async Task A_create_POST_is_never_repeated_after_a_dropped_connection()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Reset().Respond(201, TestClients.Prediction);
        using var client = TestClients.For(server);

        var act = () => client.Predictions.CreateAsync(new VersionPredictionRequest { Version = "v", Input = JsonDocument.Parse("{}").RootElement });

        (await act.Should().ThrowAsync<ReplicateNetworkException>()).Which.Operation.Should().Be("POST /v1/predictions");
        server.Requests.Should().ContainSingle();
    }

    [Test]
    public async Task A_POST_is_retried_after_429_with_the_same_body_on_every_attempt()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(429, """{"detail":"Request was throttled. Your rate limit resets in ~1s."}""")
            .Respond(429, null, headers: new Dictionary<string, string> { ["Retry-After"] = "1" })
            .Respond(201, TestClients.Prediction);
        using var client = TestClients.For(server);

        await client.Predictions.CreateAsync(new VersionPredictionRequest { Version = "abc", Input = JsonDocument.Parse("""{"prompt":"a cat"}""").RootElement });

        server.Requests.Should().HaveCount(3);
        server.Requests.Select(r => r.Body).Distinct().Should().ContainSingle().Which.Should().Contain("\"prompt\":\"a cat\"");
    }

    [Test]
    public async Task A_multipart_upload_retried_after_429_sends_the_same_bytes()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(429, null, headers: new Dictionary<string, string> { ["Retry-After"] = "1" })
            .Respond(201, """{"id":"f1","urls":{"get":"https://x/f1"}}""");
        using var client = TestClients.For(server);

        await client.Files.CreateAsync(new FileParameter(new MemoryStream("hello world"u8.ToArray()), "a.txt", "text/plain"));

        server.Requests.Should().HaveCount(2);
        server.Requests[1].Body.Should().Be(server.Requests[0].Body).And.Contain("hello world");
    }

    [Test]
    public async Task A_POST_is_retried_after_a_5xx_when_the_caller_opts_in()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(503).Respond(200, TestClients.Prediction);
        using var client = TestClients.For(server);

        using (ReplicateRequestOptions.Apply(new ReplicateRequestOptions { RetryNonIdempotent = true }))
        {
            await client.Predictions.CancelAsync("p1");
        }

        server.Requests.Should().HaveCount(2);
    }

    [Test]
    public async Task With_retries_off_every_request_is_sent_once()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(503).Respond(200, TestClients.Prediction);
        using var client = TestClients.For(server, configure: o => o.Retry.Enabled = false);

        var act = () => client.Predictions.GetAsync("p1");

        await act.Should().ThrowAsync<ReplicateApiException>();
        server.Requests.Should().ContainSingle();
    }

    [Test]
    public async Task A_single_request_can_turn_retries_off()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(503).Respond(200, TestClients.Prediction);
        using var client = TestClients.For(server);

        using (ReplicateRequestOptions.Apply(new ReplicateRequestOptions { DisableRetries = true }))
        {
            await FluentActions.Awaiting(() => client.Predictions.GetAsync("p1")).Should().ThrowAsync<ReplicateApiException>();
        }

        server.Requests.Should().ContainSingle();
    }

    [Test]
    public async Task Attempts_are_capped_and_backoff_doubles_each_time()
    {
        await using var server = await ScriptedServer.StartAsync();
        for (var i = 0; i < 6; i++)
        {
            server.Respond(503);
        }

        var time = new FakeTimeProvider();
        using var client = TestClients.For(server, time);

        var thrown = await FluentActions.Awaiting(() => client.Predictions.GetAsync("p1")).Should().ThrowAsync<ReplicateApiException>();

        thrown.Which.StatusCode.Should().Be(503);
        server.Requests.Should().HaveCount(4, "MaxAttempts is 4 by default");
        time.AutoAdvanced.Should().Equal(TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(1.6));
    }

    [Test]
    public async Task Backoff_jitter_keeps_each_delay_between_half_and_all_of_the_exponential_step()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(503).Respond(503).Respond(200, TestClients.Prediction);
        var time = new FakeTimeProvider();
        using var client = TestClients.For(server, time, o => o.Retry.Random = () => 0.999);

        await client.Predictions.GetAsync("p1");

        time.AutoAdvanced[0].TotalSeconds.Should().BeApproximately(0.8, 0.01);
        time.AutoAdvanced[1].TotalSeconds.Should().BeApproximately(1.6, 0.01);
    }

    [Test]
    public async Task A_server_delay_longer_than_the_cap_is_not_waited_and_surfaces_with_its_delay()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(429, """{"detail":"slow down"}""", "application/problem+json", new Dictionary<string, string> { ["Retry-After"] = "120" });
        using var client = TestClients.For(server);

        var thrown = await FluentActions.Awaiting(() => client.Predictions.GetAsync("p1")).Should().ThrowAsync<ReplicateRateLimitException>();

        thrown.Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(120));
        server.Requests.Should().ContainSingle();
    }

    // A delay that is zero, past or unparsable is no delay: the ordinary backoff (0.4 s with pinned jitter), never an
    // immediate retry into the same limit.
    [TestCase("Retry-After", "0", null)]
    [TestCase("Retry-After", "Thu, 01 Jan 1970 00:00:00 GMT", null)]
    [TestCase(null, null, """{"retry_after":0}""")]
    [TestCase(null, null, """{"retry_after":-5}""")]
    [TestCase(null, null, """{"retry_after":"NaN"}""")]
    [TestCase(null, null, """{"retry_after":"soon"}""")]
    public async Task A_zero_past_or_unparsable_server_delay_gets_the_ordinary_backoff(string? header, string? value, string? body)
    {
        await using var server = await ScriptedServer.StartAsync();
        var headers = header is null ? NoHeaders : new Dictionary<string, string> { [header] = value! };
        server.Respond(429, body, "application/problem+json", headers).Respond(200, TestClients.Prediction);
        var time = new FakeTimeProvider();
        using var client = TestClients.For(server, time);

        await client.Predictions.GetAsync("p1");

        time.AutoAdvanced.Should().Equal([TimeSpan.FromSeconds(0.4)], "no usable delay was named, so the backoff applies");
    }

    // Absurd delays are declined (longer than the caller allows), reported clamped to a day, never an overflow.
    [TestCase(null, """{"retry_after":1e300}""")]
    [TestCase(null, """{"retry_after":"Infinity"}""")]
    [TestCase(null, """{"detail":"Your rate limit resets in ~99999999999999999999999s."}""")]
    [TestCase("99999999999", null)]
    public async Task An_absurd_server_delay_is_declined_and_reported_clamped(string? retryAfter, string? body)
    {
        await using var server = await ScriptedServer.StartAsync();
        var headers = retryAfter is null ? NoHeaders : new Dictionary<string, string> { ["Retry-After"] = retryAfter };
        server.Respond(429, body, "application/problem+json", headers);
        using var client = TestClients.For(server);

        var thrown = await FluentActions.Awaiting(() => client.Predictions.GetAsync("p1")).Should().ThrowAsync<ReplicateRateLimitException>();

        thrown.Which.RetryAfter.Should().Be(TimeSpan.FromDays(1));
        server.Requests.Should().ContainSingle("a wait beyond MaxServerDelay is the caller's decision");
    }

    [Test]
    public async Task Server_delays_and_backoff_are_capped_separately()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(429, null, headers: new Dictionary<string, string> { ["Retry-After"] = "45" })
            .Respond(503, null)
            .Respond(200, TestClients.Prediction);
        var time = new FakeTimeProvider();
        using var client = TestClients.For(server, time, o =>
        {
            o.Retry.MaxServerDelay = TimeSpan.FromMinutes(1);
            o.Retry.MaxDelay = TimeSpan.FromSeconds(0.5);
            o.Retry.BaseDelay = TimeSpan.FromSeconds(2);
        });

        await client.Predictions.GetAsync("p1");

        time.AutoAdvanced.Should().Equal([TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(0.25)],
            "the server's 45 s is under MaxServerDelay; the backoff is capped by MaxDelay (0.5 s × jitter 0.5)");
    }

    [Test]
    public async Task Rate_limit_exhaustion_surfaces_the_last_parsed_delay()
    {
        await using var server = await ScriptedServer.StartAsync();
        for (var i = 0; i < 4; i++)
        {
            server.Respond(429, """{"detail":"Request was throttled. Your rate limit resets in ~3s."}""", "application/problem+json");
        }

        using var client = TestClients.For(server);

        var thrown = await FluentActions.Awaiting(() => client.Predictions.GetAsync("p1")).Should().ThrowAsync<ReplicateRateLimitException>();

        thrown.Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(3));
        thrown.Which.Detail.Should().Contain("throttled");
        server.Requests.Should().HaveCount(4);
    }

    [Test]
    public async Task No_retry_starts_past_the_total_time_budget()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(503, null, headers: new Dictionary<string, string> { ["Retry-After"] = "20" }).Respond(200, TestClients.Prediction);
        using var client = TestClients.For(server, configure: o => o.Retry.MaxTotalTime = TimeSpan.FromSeconds(10));

        await FluentActions.Awaiting(() => client.Predictions.GetAsync("p1")).Should().ThrowAsync<ReplicateApiException>();

        server.Requests.Should().ContainSingle();
    }

    [TestCase(400)]
    [TestCase(401)]
    [TestCase(404)]
    [TestCase(422)]
    [TestCase(501)]
    public async Task Client_errors_are_not_retried(int status)
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(status, """{"detail":"no"}""").Respond(200, TestClients.Prediction);
        using var client = TestClients.For(server);

        await FluentActions.Awaiting(() => client.Predictions.GetAsync("p1")).Should().ThrowAsync<ReplicateApiException>();

        server.Requests.Should().ContainSingle();
    }

    [Test]
    public async Task Each_retry_is_logged_with_its_reason()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(503).Respond(200, TestClients.Prediction);
        var logs = new CapturingLoggerProvider();
        using var client = TestClients.For(server, logs: logs);

        await client.Predictions.GetAsync("p1");

        logs.Lines.Should().ContainSingle(l => l.StartsWith("Warning: Retrying GET /v1/predictions/p1 after 503", StringComparison.Ordinal))
            .Which.Should().Contain("attempt 2 of 4").And.Contain("0.4 s");
    }

    [Test]
    public async Task Caller_cancellation_is_not_retried_and_surfaces_as_cancellation()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Hang().Respond(200, TestClients.Prediction);
        using var client = TestClients.For(server);
        using var cts = new CancellationTokenSource();

        var call = client.Predictions.GetAsync("p1", cts.Token);
        await server.WaitForRequestsAsync(1);
        await cts.CancelAsync();

        await FluentActions.Awaiting(() => call).Should().ThrowAsync<OperationCanceledException>();
        server.Requests.Should().ContainSingle();
    }

    private static Task Call(ReplicateClient client, string method) => method switch
    {
        "GET" => client.Predictions.GetAsync("p1"),
        "DELETE" => client.Files.DeleteAsync("f1"),
        "QUERY" => client.Models.SearchAsync("upscale"),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    private static string? ResponseFor(string method) => method switch
    {
        "GET" => TestClients.Prediction,
        "QUERY" => """{"results":[],"next":null,"previous":null}""",
        _ => null,
    };
}
