using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Replicate.Client.Streaming;
using Replicate.Generated;
using Replicate.Testing;

namespace Replicate.Client.Tests.Streaming;

/// <summary>Server-sent events of a streaming prediction, reassembled whatever the chunking.</summary>
public class StreamingTests
{
    private const string Events =
        ": stream opened\n\n" +
        "event: output\nid: 1\ndata: Héllo\n\n" +
        "event: logs\ndata: step 1\ndata: step 2\n\n" +
        "event: output\nid: 2\ndata:  wörld 🐱\n\n" +
        "event: done\ndata: {}\n\n";

    private static PredictionResponse Streaming(Uri url) => new() { Id = "p1", Status = "processing", Urls = new PredictionUrls { Stream = url } };

    [Test]
    public async Task Events_split_at_every_byte_even_inside_a_utf8_character_are_reassembled()
    {
        using var client = ClientOver(new OneByteAtATimeHandler(Events));

        var events = new List<ReplicateStreamEvent>();
        await foreach (var e in client.StreamAsync(Streaming(new Uri("https://api.example.test/v1/stream/p1"))))
        {
            events.Add(e);
        }

        events.Select(e => (e.EventType, e.Data, e.Id)).Should().Equal(
            ("output", "Héllo", "1"),
            ("logs", "step 1\nstep 2", (string?)null),
            ("output", " wörld 🐱", "2"));
    }

    [Test]
    public async Task Text_tokens_are_the_output_events_only()
    {
        using var client = ClientOver(new OneByteAtATimeHandler(Events));

        var text = new StringBuilder();
        await foreach (var token in client.StreamTextAsync(Streaming(new Uri("https://api.example.test/v1/stream/p1"))))
        {
            text.Append(token);
        }

        text.ToString().Should().Be("Héllo wörld 🐱");
    }

    [Test]
    public async Task An_error_event_throws_with_its_message()
    {
        using var client = ClientOver(new OneByteAtATimeHandler("event: output\ndata: a\n\nevent: error\ndata: CUDA out of memory\n\n"));

        var seen = new List<string>();
        var act = async () =>
        {
            await foreach (var e in client.StreamAsync(Streaming(new Uri("https://api.example.test/v1/stream/p1"))))
            {
                seen.Add(e.Data);
            }
        };

        (await act.Should().ThrowAsync<ReplicateStreamException>()).Which.Message.Should().Contain("CUDA out of memory");
        seen.Should().Equal("a");
    }

    [Test]
    public async Task A_stream_that_ends_without_done_is_an_error_not_complete_output()
    {
        using var client = ClientOver(new OneByteAtATimeHandler("event: output\ndata: partial\n\n"));

        var act = async () =>
        {
            await foreach (var _ in client.StreamAsync(Streaming(new Uri("https://api.example.test/v1/stream/p1"))))
            {
            }
        };

        (await act.Should().ThrowAsync<ReplicateStreamException>()).Which.Message.Should().Contain("before its 'done' event");
    }

    [Test]
    public async Task A_prediction_without_a_stream_url_is_refused_clearly()
    {
        using var client = ClientOver(new OneByteAtATimeHandler(string.Empty));

        FluentActions.Invoking(() => client.StreamAsync(new PredictionResponse { Id = "p9", Urls = new PredictionUrls() }))
            .Should().Throw<InvalidOperationException>().WithMessage("*p9*no stream URL*");
    }

    [Test]
    public async Task Over_real_http_a_stream_on_the_api_origin_gets_the_token_and_chunked_events_arrive()
    {
        await using var api = await ScriptedServer.StartAsync();
        api.Respond(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            foreach (var chunk in Encoding.UTF8.GetBytes(Events).Chunk(7))
            {
                await context.Response.Body.WriteAsync(chunk);
                await context.Response.Body.FlushAsync();
            }
        });
        using var client = TestClients.For(api);

        var outputs = new List<string>();
        await foreach (var token in client.StreamTextAsync(Streaming(new Uri(api.ApiBase, "streams/p1"))))
        {
            outputs.Add(token);
        }

        outputs.Should().Equal("Héllo", " wörld 🐱");
        var request = api.Requests.Single();
        request.Headers["Accept"].Should().Be("text/event-stream");
        request.Headers["Authorization"].Should().Be("Bearer " + TestClients.Token, "the API's own origin gets the token");
    }

    [Test]
    public async Task A_stream_url_on_a_host_that_is_not_allowed_gets_no_token()
    {
        await using var api = await ScriptedServer.StartAsync();
        await using var elsewhere = await LoopbackServer.StartAsync(context =>
        {
            context.Response.ContentType = "text/event-stream";
            return context.Response.WriteAsync("event: done\ndata: {}\n\n");
        });
        using var client = TestClients.For(api);

        await foreach (var _ in client.StreamAsync(Streaming(new Uri(elsewhere.BaseAddress, "v1/streams/p1"))))
        {
        }

        elsewhere.Requests.Single().Headers.ContainsKey("Authorization").Should().BeFalse("a stream URL off the API's origin and the allow-list must not receive the token");
    }

    [TestCase("https://stream.replicate.com/v1/streams/p1", true)]
    [TestCase("https://STREAM.replicate.com/v1/streams/p1", true)]
    [TestCase("http://stream.replicate.com/v1/streams/p1", false)]
    [TestCase("https://stream.replicate.com.evil.example/v1/streams/p1", false)]
    [TestCase("https://custom.example:8443/s/p1", true)]
    public async Task The_token_goes_to_allow_listed_https_streaming_hosts_only(string url, bool authorized)
    {
        var transport = new CapturingHandler("event: done\ndata: {}\n\n");
        using var client = new ReplicateClient(new ReplicateClientOptions
        {
            BaseAddress = new Uri("https://api.example.test/v1/"),
            ApiToken = TestClients.Token,
            Transport = transport,
            StreamingHosts = ["stream.replicate.com", "custom.example:8443"],
        });

        await foreach (var _ in client.StreamAsync(Streaming(new Uri(url))))
        {
        }

        transport.Authorization.Should().Be(authorized ? "Bearer " + TestClients.Token : null);
    }

    [TestCase("event: output\ndata: a\n\nevent: done\n\n")]
    [TestCase("event: output\r\ndata: a\r\n\r\nevent:done\r\n\r\n")]
    public async Task A_done_event_without_data_ends_the_stream_cleanly(string body)
    {
        using var client = ClientOver(new OneByteAtATimeHandler(body));

        var seen = new List<string>();
        await foreach (var e in client.StreamAsync(Streaming(new Uri("https://api.example.test/v1/stream/p1"))))
        {
            seen.Add(e.Data);
        }

        seen.Should().Equal("a");
    }

    [Test]
    public async Task A_cut_stream_with_event_ids_resumes_from_the_last_one()
    {
        await using var api = await ScriptedServer.StartAsync();
        api.Respond(context =>
        {
            context.Response.ContentType = "text/event-stream";
            return context.Response.WriteAsync("event: output\nid: 1\ndata: a\n\nevent: output\nid: 2\ndata: b\n\n");
        });
        api.Respond(context =>
        {
            context.Response.ContentType = "text/event-stream";
            return context.Response.WriteAsync("event: output\nid: 3\ndata: c\n\nevent: done\ndata: {}\n\n");
        });
        using var client = TestClients.For(api);

        var seen = new List<string>();
        await foreach (var e in client.StreamAsync(Streaming(new Uri(api.ApiBase, "streams/p1"))))
        {
            seen.Add(e.Data);
        }

        seen.Should().Equal("a", "b", "c");
        api.Requests.Should().HaveCount(2);
        api.Requests[1].Headers["Last-Event-ID"].Should().Be("2");
    }

    [Test]
    public async Task A_stream_cut_again_and_again_gives_up_after_three_resumptions()
    {
        await using var api = await ScriptedServer.StartAsync();
        for (var i = 0; i < 4; i++)
        {
            var id = i;
            api.Respond(context =>
            {
                context.Response.ContentType = "text/event-stream";
                return context.Response.WriteAsync($"event: output\nid: {id}\ndata: x\n\n");
            });
        }

        using var client = TestClients.For(api);

        var act = async () =>
        {
            await foreach (var _ in client.StreamAsync(Streaming(new Uri(api.ApiBase, "streams/p1"))))
            {
            }
        };

        (await act.Should().ThrowAsync<ReplicateStreamException>()).Which.Message.Should().Contain("3 resumptions");
        api.Requests.Should().HaveCount(4);
    }

    private sealed class CapturingHandler(string body) : HttpMessageHandler
    {
        public string? Authorization { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Authorization = request.Headers.Authorization?.ToString();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StringContent(body, Encoding.UTF8, "text/event-stream"),
            });
        }
    }

    private static ReplicateClient ClientOver(HttpMessageHandler transport) => new(new ReplicateClientOptions
    {
        BaseAddress = new Uri("https://api.example.test/v1/"),
        ApiToken = TestClients.Token,
        Transport = transport,
    });

    // Serves an SSE body one byte per read, the worst chunking a network can produce.
    private sealed class OneByteAtATimeHandler(string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StreamContent(new OneByteStream(Encoding.UTF8.GetBytes(body))) { Headers = { { "Content-Type", "text/event-stream" } } },
            });
    }

    private sealed class OneByteStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(1, count));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(1, buffer.Length)]);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(1, count), cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
