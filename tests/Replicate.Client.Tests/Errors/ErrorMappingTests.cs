using Replicate.Client.Errors;
using Replicate.Testing;

namespace Replicate.Client.Tests.Errors;

/// <summary>Every non-success response becomes one exception type, whatever its body.</summary>
public class ErrorMappingTests
{
    [Test]
    public async Task Problem_details_fill_title_detail_body_request_id_and_headers()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(422, """{"title":"Input validation failed","detail":"prompt is required","status":422}""", "application/problem+json",
            new Dictionary<string, string> { ["X-Request-Id"] = "req_123" });
        using var client = TestClients.For(server);

        var thrown = await FluentActions.Awaiting(() => client.Predictions.GetAsync("p1")).Should().ThrowAsync<ReplicateApiException>();

        var e = thrown.Which;
        e.StatusCode.Should().Be(422);
        e.Title.Should().Be("Input validation failed");
        e.Detail.Should().Be("prompt is required");
        e.RawBody.Should().Contain("prompt is required");
        e.ContentType.Should().Be("application/problem+json");
        e.RequestId.Should().Be("req_123");
        e.Headers["x-request-id"].Should().Equal("req_123");
        e.Operation.Should().Be("GET /v1/predictions/p1");
        e.Message.Should().Be("GET /v1/predictions/p1 failed: 422 UnprocessableEntity (Input validation failed): prompt is required");
    }

    [Test]
    public async Task A_plain_json_detail_is_read_too()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(404, """{"detail":"Not found."}""");
        using var client = TestClients.For(server);

        var thrown = await FluentActions.Awaiting(() => client.Models.GetAsync("acme", "nope")).Should().ThrowAsync<ReplicateApiException>();

        thrown.Which.Detail.Should().Be("Not found.");
        thrown.Which.Title.Should().BeNull();
        thrown.Which.Message.Should().EndWith(": Not found.");
    }

    [Test]
    public async Task An_html_body_from_a_proxy_is_kept_raw_and_described_not_dumped()
    {
        await using var server = await ScriptedServer.StartAsync();
        var html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        server.Respond(502, html, "text/html");
        using var client = TestClients.For(server, configure: o => o.Retry.Enabled = false);

        var thrown = await FluentActions.Awaiting(() => client.Account.GetAsync()).Should().ThrowAsync<ReplicateApiException>();

        thrown.Which.StatusCode.Should().Be(502);
        thrown.Which.RawBody.Should().Be(html);
        thrown.Which.Detail.Should().BeNull();
        thrown.Which.Message.Should().Contain("text/html body").And.NotContain("<h1>");
    }

    [Test]
    public async Task An_empty_body_is_reported_as_such()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(401);
        using var client = TestClients.For(server);

        var thrown = await FluentActions.Awaiting(() => client.Account.GetAsync()).Should().ThrowAsync<ReplicateApiException>();

        thrown.Which.StatusCode.Should().Be(401);
        thrown.Which.RawBody.Should().BeEmpty();
        thrown.Which.Message.Should().Be("GET /v1/account failed: 401 Unauthorized with an empty body.");
    }

    [Test]
    public async Task Malformed_json_error_bodies_do_not_break_the_mapping()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(400, """{"detail": "cut off""");
        using var client = TestClients.For(server);

        var thrown = await FluentActions.Awaiting(() => client.Account.GetAsync()).Should().ThrowAsync<ReplicateApiException>();

        thrown.Which.StatusCode.Should().Be(400);
        thrown.Which.Detail.Should().BeNull();
        thrown.Which.RawBody.Should().Be("""{"detail": "cut off""");
    }

    [Test]
    public async Task A_refused_connection_is_a_network_failure_naming_the_operation()
    {
        var port = LoopbackServer.UnusedPort();
        using var client = new ReplicateClient(new ReplicateClientOptions
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/v1/"),
            ApiToken = TestClients.Token,
            TimeProvider = new FakeTimeProvider(),
        });

        var thrown = await FluentActions.Awaiting(() => client.Predictions.GetAsync("p1")).Should().ThrowAsync<ReplicateNetworkException>();

        thrown.Which.Operation.Should().Be("GET /v1/predictions/p1");
        thrown.Which.Message.Should().StartWith("GET /v1/predictions/p1 failed without a response").And.Contain("refused");
    }
}
