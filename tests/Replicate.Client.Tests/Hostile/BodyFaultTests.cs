using System.Text;
using Microsoft.AspNetCore.Http;
using Replicate.Client.Errors;
using Replicate.Generated;
using Replicate.Testing;

namespace Replicate.Client.Tests.Hostile;

/// <summary>
/// Faults inside the response body, played by a loopback server: the body is read within the attempt, so its timeout
/// and retries cover it, and its size is bounded.
/// </summary>
public class BodyFaultTests
{
    // Headers promise the whole prediction, half of it arrives, then the connection is reset.
    private static Func<HttpContext, Task> ResetMidBody(string body) => async context =>
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
        await context.Response.Body.FlushAsync();
        context.Abort();
    };

    // One byte, then nothing more until the client gives up.
    private static Func<HttpContext, Task> Drip(int status) => async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync("{"u8.ToArray());
        await context.Response.Body.FlushAsync();
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // the client gave up, as intended
        }
    };

    // An error body that never ends: 64 KiB chunks until the client stops reading.
    private static Func<HttpContext, Task> EndlessBody(int status) => async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html";
        var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
        try
        {
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // the client closed the connection after reading what it keeps
        }
    };

    private static IEnumerable<TestCaseData> Reads()
    {
        yield return new TestCaseData((Func<ReplicateClient, Task<string?>>)(async c => (await c.Predictions.GetAsync("p1")).Id)).SetArgDisplayNames("Predictions.GetAsync");
        yield return new TestCaseData((Func<ReplicateClient, Task<string?>>)(async c => (await c.GetPredictionOperation("p1").UpdateStatusAsync()).Id)).SetArgDisplayNames("UpdateStatusAsync");
        yield return new TestCaseData((Func<ReplicateClient, Task<string?>>)(async c => (await c.Trainings.GetAsync("p1")).Id)).SetArgDisplayNames("Trainings.GetAsync");
    }

    [TestCaseSource(nameof(Reads))]
    public async Task A_reset_in_the_middle_of_a_body_is_retried_on_a_read(Func<ReplicateClient, Task<string?>> read)
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(ResetMidBody(TestClients.Prediction)).Respond(200, TestClients.Prediction);
        using var client = TestClients.For(server);

        var id = await read(client);

        id.Should().Be("p1");
        server.Requests.Should().HaveCount(2, "the cut body was a connection failure inside the attempt, and reads are retried");
    }

    [Test]
    public async Task A_reset_in_the_middle_of_a_search_or_a_delete_response_is_retried()
    {
        await using var server = await ScriptedServer.StartAsync();
        const string Search = """{"next":null,"previous":null,"results":[{"name":"m","owner":"acme","url":"https://replicate.com/acme/m","visibility":"public","run_count":1}]}""";
        server.Respond(ResetMidBody(Search)).Respond(200, Search);
        server.Respond(ResetMidBody("""{"detail":"deleted, and here is a long explanation of it"}""")).Respond(204, null);
        using var client = TestClients.For(server);

        var found = await client.Models.SearchAsync("upscale");
        await client.Files.DeleteAsync("f1");

        found.Results.Should().ContainSingle();
        server.Requests.Select(r => r.Method).Should().Equal("QUERY", "QUERY", "DELETE", "DELETE");
    }

    [Test]
    public async Task An_unauthorized_answer_whose_body_never_ends_ends_in_a_timeout_not_a_hang()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(Drip(401));
        var time = new FakeTimeProvider();
        using var client = TestClients.For(server, time, o => o.Retry.Enabled = false);

        var call = client.Predictions.GetAsync("p1");
        await server.WaitForRequestsAsync(1);
        time.Advance(TimeSpan.FromSeconds(100));

        await FluentActions.Awaiting(() => call).Should().ThrowAsync<ReplicateTimeoutException>();
        server.Requests.Should().ContainSingle("the endless body of the 401 is bounded by the attempt's timeout");
    }

    [Test]
    public async Task A_reset_in_the_middle_of_page_two_is_retried()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync($$"""{"next":"{{server.ApiBase}}predictions?cursor=2","results":[{{TestClients.Prediction}}]}""");
        });
        var page2 = """{"next":null,"results":[""" + TestClients.Prediction.Replace("\"p1\"", "\"p2\"", StringComparison.Ordinal) + "]}";
        server.Respond(ResetMidBody(page2)).Respond(200, page2);
        using var client = TestClients.For(server);

        var ids = new List<string>();
        await foreach (var prediction in client.Predictions.ListAllAsync())
        {
            ids.Add(prediction.Id);
        }

        ids.Should().Equal("p1", "p2");
        server.Requests.Should().HaveCount(3);
    }

    [Test]
    public async Task A_reset_in_the_middle_of_a_create_response_is_not_repeated_and_stays_in_the_family()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(ResetMidBody(TestClients.Prediction));
        using var client = TestClients.For(server);

        var act = () => client.Predictions.CreateAsync(new VersionPredictionRequest { Version = "v", Input = System.Text.Json.JsonDocument.Parse("{}").RootElement });

        (await act.Should().ThrowAsync<ReplicateNetworkException>()).Which.Operation.Should().Be("POST /v1/predictions");
        server.Requests.Should().ContainSingle("the create may have run: sending it again could bill twice");
    }

    [TestCase(200)]
    [TestCase(503)]
    public async Task A_body_that_never_ends_is_bounded_by_the_attempt_timeout_and_retried(int status)
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(Drip(status)).Respond(200, TestClients.Prediction);
        var time = new FakeTimeProvider();
        using var client = TestClients.For(server, time);

        var call = client.Predictions.GetAsync("p1");
        await server.WaitForRequestsAsync(1);
        time.Advance(TimeSpan.FromSeconds(100));
        var prediction = await call;

        prediction.Id.Should().Be("p1");
        server.Requests.Should().HaveCount(2);
    }

    [Test]
    public async Task A_body_that_never_ends_without_retries_ends_in_a_timeout_exception()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(Drip(200));
        var time = new FakeTimeProvider();
        using var client = TestClients.For(server, time, o => o.Retry.Enabled = false);

        var call = client.Predictions.GetAsync("p1");
        await server.WaitForRequestsAsync(1);
        time.Advance(TimeSpan.FromSeconds(100));

        (await FluentActions.Awaiting(() => call).Should().ThrowAsync<ReplicateTimeoutException>()).Which.Operation.Should().Be("GET /v1/predictions/p1");
    }

    [Test]
    public async Task An_error_body_that_never_ends_is_cut_and_the_rest_discarded_unread()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(EndlessBody(500)).Respond(EndlessBody(400));
        using var client = TestClients.For(server);

        var thrown = await FluentActions.Awaiting(() => client.Predictions.GetAsync("p1")).Should().ThrowAsync<ReplicateApiException>();

        thrown.Which.StatusCode.Should().Be(400, "the endless 500 was cut and retried; the endless 400 was cut and reported");
        thrown.Which.RawBody!.Length.Should().BeLessThanOrEqualTo(64 * 1024);
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_success_body_over_the_cap_fails_in_the_family_without_being_read_whole(bool declaresLength)
    {
        await using var server = await ScriptedServer.StartAsync();
        var large = """{"id":"p1","logs":" """ + new string('x', 40 * 1024) + "\"}";
        server.Respond(async context =>
        {
            var bytes = Encoding.UTF8.GetBytes(large);
            context.Response.ContentType = "application/json";
            if (declaresLength)
            {
                context.Response.ContentLength = bytes.Length;
            }

            await context.Response.Body.WriteAsync(bytes);
        });
        using var client = TestClients.For(server, configure: o => o.MaxResponseBodySize = 16 * 1024);

        var thrown = await FluentActions.Awaiting(() => client.Predictions.GetAsync("p1")).Should().ThrowAsync<ReplicateResponseException>();

        thrown.Which.StatusCode.Should().Be(200);
        thrown.Which.Message.Should().Contain("MaxResponseBodySize").And.Contain("GET /v1/predictions/p1");
        server.Requests.Should().ContainSingle("a body too large is not retried");
    }

    [Test]
    public async Task A_download_streams_and_is_not_read_into_memory()
    {
        await using var server = await ScriptedServer.StartAsync();
        var content = new byte[100 * 1024];
        server.Respond(async context =>
        {
            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(content);
        });
        using var client = TestClients.For(server, configure: o => o.MaxResponseBodySize = 16 * 1024);

        using var file = await client.Files.DownloadAsync("f1", "acme", 1, "sig");
        var copy = new MemoryStream();
        await file.Stream.CopyToAsync(copy);

        copy.Length.Should().Be(content.Length, "a stream the caller reads has no in-memory cap");
    }
}
