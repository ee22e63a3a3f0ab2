using System.Net;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Replicate.Client;
using Replicate.Client.Errors;

namespace Replicate.Testing.Tests.Behaviour;

/// <summary>Files, outputs, streams and paging through the real client.</summary>
public class ResourceTests
{
    [Test]
    public async Task A_file_uploads_lists_reads_downloads_and_deletes()
    {
        await using var fake = new FakeReplicate();
        using var client = Clients.For(fake);

        var file = await client.UploadFileAsync(Encoding.UTF8.GetBytes("hello, fake"), "greeting.txt", "text/plain", new() { ["purpose"] = "test" });

        file.Size.Should().Be(11);
        file.ContentType.Should().Be("text/plain");
        (await client.Files.GetAsync(file.Id)).Id.Should().Be(file.Id);
        var listed = new List<string>();
        await foreach (var item in client.Files.ListAllAsync())
        {
            listed.Add(item.Id);
        }

        listed.Should().Equal(file.Id);
        var query = QueryHelpers.ParseQuery(file.Urls!.Get!.Query);
        using var download = await client.Files.DownloadAsync(file.Id, query["owner"]!, long.Parse(query["expiry"]!, System.Globalization.CultureInfo.InvariantCulture), query["signature"]!);
        using var reader = new StreamReader(download.Stream);
        (await reader.ReadToEndAsync()).Should().Be("hello, fake");

        await client.Files.DeleteAsync(file.Id);
        var gone = () => client.Files.GetAsync(file.Id);
        (await gone.Should().ThrowAsync<ReplicateApiException>()).Which.StatusCode.Should().Be(404);
    }

    [Test]
    public async Task A_file_above_the_size_limit_is_refused_with_413()
    {
        await using var fake = new FakeReplicate(new FakeReplicateOptions { MaxFileSize = 1024 });
        using var client = Clients.For(fake);

        var upload = () => client.UploadFileAsync(new byte[1025], "big.bin");

        (await upload.Should().ThrowAsync<ReplicateApiException>()).Which.StatusCode.Should().Be(413);
    }

    [Test]
    public async Task Outputs_are_served_by_the_fake_as_files_on_its_origin_and_as_data_URIs_until_they_expire()
    {
        await using var fake = new FakeReplicate();
        fake.AddModel("acme", "painter", new FakeRunScript
        {
            Outputs = [FakeOutput.FromFile("out-0.png", new byte[] { 1, 2, 3 }, "image/png"), FakeOutput.FromDataUri(new byte[] { 4, 5 }, "image/png")],
        });
        using var client = Clients.For(fake);

        var output = await client.RunAsync("acme/painter", new { prompt = "x" });
        var urls = output.AsUris();

        urls.Should().HaveCount(2);
        urls[0].GetLeftPart(UriPartial.Authority).Should().Be(fake.BaseAddress.GetLeftPart(UriPartial.Authority), "files are served on the fake's origin");
        urls[1].Scheme.Should().Be("data");
        (await ReadAllAsync(client, urls[0])).Should().Equal(1, 2, 3);
        (await ReadAllAsync(client, urls[1])).Should().Equal(4, 5);

        await fake.AdvanceAsync(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var expired = () => ReadAllAsync(client, urls[0]);
        await expired.Should().ThrowAsync<ReplicateException>("output files expire after the data lifetime");
        var prediction = await client.Predictions.GetAsync(fake.Predictions.Single().Id);
        prediction.DataRemoved.Should().BeTrue();
    }

    [Test]
    public async Task A_streaming_model_streams_its_tokens_and_ends_with_done()
    {
        await using var fake = new FakeReplicate();
        fake.AddModel("acme", "llm", new FakeRunScript { Streams = true, RunTime = TimeSpan.FromSeconds(3), Outputs = [FakeOutput.FromText("Hello"), FakeOutput.FromText(", "), FakeOutput.FromText("world")] });
        using var client = Clients.For(fake);

        var operation = await client.CreatePredictionAsync("acme/llm", new { prompt = "hi" });
        var tokens = new List<string>();
        await foreach (var token in client.StreamTextAsync(operation.Value!))
        {
            tokens.Add(token);
        }

        tokens.Should().Equal("Hello", ", ", "world");
        operation.Value!.Urls!.Stream.Should().NotBeNull();
    }

    [Test]
    public async Task A_failing_streaming_model_ends_its_stream_with_an_error_event()
    {
        await using var fake = new FakeReplicate();
        fake.AddModel("acme", "llm", new FakeRunScript { Streams = true, Outputs = [FakeOutput.FromText("Hel")], Error = "model crashed" });
        using var client = Clients.For(fake);
        var operation = await client.CreatePredictionAsync("acme/llm", new { prompt = "hi" });

        var read = async () =>
        {
            await foreach (var token in client.StreamTextAsync(operation.Value!))
            {
                _ = token;
            }
        };

        (await read.Should().ThrowAsync<Replicate.Client.Streaming.ReplicateStreamException>()).Which.Message.Should().Contain("model crashed");
    }

    [Test]
    public async Task Lists_page_with_absolute_next_links_and_the_servers_page_size()
    {
        await using var fake = new FakeReplicate(new FakeReplicateOptions { PageSize = 2 });
        fake.AddModel("acme", "m");
        using var client = Clients.For(fake);
        for (var i = 0; i < 5; i++)
        {
            await client.CreatePredictionAsync("acme/m", new { i });
        }

        var pages = new List<int>();
        var ids = new List<string>();
        await foreach (var page in client.Predictions.ListAllAsync().AsPages())
        {
            pages.Add(page.Items.Count);
            ids.AddRange(page.Items.Select(p => p.Id));
            page.ContinuationToken?.Should().StartWith(fake.BaseAddress.AbsoluteUri, "next is an absolute URL");
        }

        pages.Should().Equal(2, 2, 1);
        ids.Should().BeEquivalentTo(fake.Predictions.Select(p => p.Id), "every prediction is listed once");
        ids.Should().Equal(fake.Predictions.Reverse().Select(p => p.Id), "newest first");
    }

    [Test]
    public async Task Replicates_default_page_sizes_apply_without_an_override()
    {
        await using var fake = new FakeReplicate();
        for (var i = 0; i < 30; i++)
        {
            fake.AddModel("acme", "m" + i);
        }

        using var http = new HttpClient(fake.CreateHandler());
        http.DefaultRequestHeaders.Authorization = new("Bearer", Clients.Token);

        var page = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync(new Uri(fake.BaseAddress, "models")))!;

        page["results"]!.AsArray().Should().HaveCount(25, "models come 25 to a page");
        page["next"]!.GetValue<string>().Should().StartWith(fake.BaseAddress + "models?cursor=");
    }

    [Test]
    public async Task Requests_without_a_token_are_401_except_search()
    {
        await using var fake = new FakeReplicate();
        using var http = new HttpClient(fake.CreateHandler());

        using var account = await http.GetAsync(new Uri(fake.BaseAddress, "account"));
        using var search = await http.GetAsync(new Uri(fake.BaseAddress, "search?query=x"));

        account.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        search.StatusCode.Should().Be(HttpStatusCode.OK, "GET /search needs no token");
    }

    private static async Task<byte[]> ReadAllAsync(ReplicateClient client, Uri url)
    {
        await using var stream = await client.OpenOutputAsync(url);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
