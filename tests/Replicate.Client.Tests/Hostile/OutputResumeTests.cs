using Microsoft.AspNetCore.Http;
using Replicate.Client.Errors;
using Replicate.Testing;

namespace Replicate.Client.Tests.Hostile;

/// <summary>An output download cut mid-body resumes from the byte reached, or fails inside the family.</summary>
public class OutputResumeTests
{
    private static readonly byte[] File = Enumerable.Range(0, 200_000).Select(i => (byte)(i % 251)).ToArray();

    private static Func<HttpContext, Task> Cut(bool acceptsRanges) => async context =>
    {
        context.Response.ContentType = "image/png";
        context.Response.ContentLength = File.Length;
        if (acceptsRanges)
        {
            context.Response.Headers.AcceptRanges = "bytes";
            context.Response.Headers.ETag = "\"v1\"";
        }

        await context.Response.Body.WriteAsync(File.AsMemory(0, 70_000));
        await context.Response.Body.FlushAsync();
        await Task.Delay(50);
        context.Abort();
    };

    [Test]
    public async Task A_cut_download_resumes_with_a_range_request_and_the_bytes_arrive_whole()
    {
        await using var server = await ScriptedServer.StartAsync();
        var resumedFrom = -1L;
        server.Respond(Cut(acceptsRanges: true));
        server.Respond(async context =>
        {
            var range = context.Request.GetTypedHeaders().Range!.Ranges.Single();
            resumedFrom = range.From!.Value;
            context.Response.StatusCode = 206;
            context.Response.ContentType = "image/png";
            context.Response.Headers.ContentRange = $"bytes {resumedFrom}-{File.Length - 1}/{File.Length}";
            await context.Response.Body.WriteAsync(File.AsMemory((int)resumedFrom));
        });
        using var client = TestClients.For(server);

        await using var output = await client.OpenOutputAsync(new Uri(server.BaseAddress, "files/out.png"));
        var copy = new MemoryStream();
        await output.CopyToAsync(copy);

        copy.ToArray().Should().Equal(File);
        resumedFrom.Should().BeGreaterThan(0).And.BeLessThan(File.Length);
        server.Requests[1].Headers["If-Range"].Should().Be("\"v1\"", "the resumed bytes must belong to the same file");
    }

    [Test]
    public async Task A_cut_download_the_server_cannot_resume_fails_as_a_network_exception()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(Cut(acceptsRanges: false));
        using var client = TestClients.For(server);

        await using var output = await client.OpenOutputAsync(new Uri(server.BaseAddress, "files/out.png"));
        var act = () => output.CopyToAsync(new MemoryStream());

        (await act.Should().ThrowAsync<ReplicateNetworkException>()).Which.Operation.Should().Be("GET /files/out.png");
    }
}
