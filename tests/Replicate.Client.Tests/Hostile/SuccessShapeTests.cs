using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Replicate.Client.Errors;
using Replicate.Generated;
using Replicate.Testing;

namespace Replicate.Client.Tests.Hostile;

/// <summary>Any 2xx with a readable body is success; a compressed error body is cut after decompression.</summary>
public class SuccessShapeTests
{
    [TestCase(200)]
    [TestCase(201)]
    [TestCase(202)]
    public async Task A_create_answered_with_any_success_status_is_the_created_prediction(int status)
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(status, TestClients.Prediction);
        using var client = TestClients.For(server);

        var prediction = await client.Predictions.CreateAsync(new VersionPredictionRequest { Version = "v", Input = System.Text.Json.JsonDocument.Parse("{}").RootElement });

        prediction.Id.Should().Be("p1", "the prediction was created: throwing would make a caller retry and pay twice");
    }

    [Test]
    public async Task A_gzip_bomb_error_body_is_cut_after_64_KiB_of_what_it_expands_to()
    {
        var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 512; i++)
            {
                await gzip.WriteAsync(zeros); // 512 MB of zeros, about half a megabyte compressed
            }
        }

        var bomb = compressed.ToArray();
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(async context =>
        {
            context.Response.StatusCode = 400;
            context.Response.ContentType = "text/plain";
            context.Response.Headers.ContentEncoding = "gzip";
            context.Response.ContentLength = bomb.Length;
            await context.Response.Body.WriteAsync(bomb, context.RequestAborted);
        });
        using var client = TestClients.For(server);
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var thrown = await FluentActions.Awaiting(() => client.Predictions.GetAsync("p1")).Should().ThrowAsync<ReplicateApiException>();

        thrown.Which.StatusCode.Should().Be(400);
        thrown.Which.RawBody!.Length.Should().BeLessThanOrEqualTo(64 * 1024, "the body is cut where it expands past the limit");
        (GC.GetTotalAllocatedBytes(precise: true) - before).Should().BeLessThan(64L * 1024 * 1024, "the 512 MB it expands to are never materialized");
    }
}
