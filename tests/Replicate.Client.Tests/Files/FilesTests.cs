using System.Text.Json.Nodes;
using Replicate.Client.Errors;
using Replicate.Testing;

namespace Replicate.Client.Tests.Files;

/// <summary>Uploads (multipart shape, quoting, limits, 413) and output files (https, data: URIs).</summary>
public class FilesTests
{
    private const string Created = """{"id":"f1","content_type":"image/png","size":3,"urls":{"get":"https://api.replicate.com/v1/files/f1"}}""";

    [Test]
    public async Task An_upload_is_multipart_with_quoted_names_type_and_metadata_json()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(201, Created);
        using var client = TestClients.For(server);

        var file = await client.UploadFileAsync(new MemoryStream([1, 2, 3]), "cat.png", "image/png", new JsonObject { ["source"] = "camera" });

        file.Id.Should().Be("f1");
        file.Urls!.Get!.ToString().Should().EndWith("/files/f1");
        var request = server.Requests.Single();
        request.PathAndQuery.Should().Be("/v1/files");
        request.Headers["Content-Type"].Should().StartWith("multipart/form-data; boundary=");
        request.Body.Should().Contain("Content-Disposition: form-data; name=\"content\"; filename=\"cat.png\"")
            .And.Contain("Content-Type: image/png")
            .And.Contain("Content-Disposition: form-data; name=\"filename\"")
            .And.Contain("Content-Disposition: form-data; name=\"type\"")
            .And.Contain("Content-Disposition: form-data; name=\"metadata\"")
            .And.Contain("""{"source":"camera"}""");
        request.Body.Should().NotContain("name=content", "unquoted names are what some servers reject");
    }

    [Test]
    public async Task Metadata_defaults_to_an_empty_object_and_type_to_octet_stream()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(201, Created);
        using var client = TestClients.For(server);

        await client.UploadFileAsync(new byte[] { 9 }, "blob.bin");

        var body = server.Requests.Single().Body;
        body.Should().Contain("application/octet-stream").And.Contain("{}");
    }

    [Test]
    public async Task A_non_ascii_file_name_travels_as_filename_star()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(201, Created);
        using var client = TestClients.For(server);

        await client.UploadFileAsync(new byte[] { 1 }, "café.png", "image/png");

        server.Requests.Single().Body.Should().Contain("filename=\"caf_.png\"").And.Contain("filename*=utf-8''caf%C3%A9.png");
    }

    [Test]
    public async Task A_file_name_over_255_utf8_bytes_is_refused_before_sending()
    {
        await using var server = await ScriptedServer.StartAsync();
        using var client = TestClients.For(server);
        var name = new string('é', 128) + ".png"; // 256 + 4 bytes in UTF-8, 132 characters

        await FluentActions.Awaiting(() => client.UploadFileAsync(new byte[] { 1 }, name)).Should().ThrowAsync<ArgumentException>().WithMessage("*260 bytes*at most 255*");
        server.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task A_file_too_large_for_the_api_surfaces_as_413_with_the_servers_detail()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(413, """{"detail":"File exceeds the 100 MiB limit."}""", "application/problem+json");
        using var client = TestClients.For(server);

        var thrown = await FluentActions.Awaiting(() => client.UploadFileAsync(new byte[] { 1 }, "big.bin")).Should().ThrowAsync<ReplicateApiException>();

        thrown.Which.StatusCode.Should().Be(413);
        thrown.Which.Message.Should().Be("POST /v1/files failed: 413 RequestEntityTooLarge: File exceeds the 100 MiB limit.");
        server.Requests.Should().ContainSingle("a 413 is not retried");
    }

    [Test]
    public async Task A_file_on_disk_is_uploaded_under_its_own_name()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(201, Created);
        using var client = TestClients.For(server);
        var path = Path.Combine(Path.GetTempPath(), $"replicate-upload-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(path, "from disk");
        try
        {
            await client.UploadFileAsync(path, "text/plain");
        }
        finally
        {
            File.Delete(path);
        }

        server.Requests.Single().Body.Should().Contain($"filename=\"{Path.GetFileName(path)}\"").And.Contain("from disk");
    }

    [TestCase("data:text/plain;base64,aGVsbG8gd29ybGQ=", "hello world")]
    [TestCase("data:,hello%20there", "hello there")]
    public async Task Data_uri_outputs_open_without_any_request(string uri, string expected)
    {
        await using var server = await ScriptedServer.StartAsync();
        using var client = TestClients.For(server);

        await using var stream = await client.OpenOutputAsync(new Uri(uri));
        using var reader = new StreamReader(stream);

        (await reader.ReadToEndAsync()).Should().Be(expected);
        server.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task An_https_output_is_fetched_without_the_api_token()
    {
        await using var api = await ScriptedServer.StartAsync();
        await using var delivery = await ScriptedServer.StartAsync();
        delivery.Respond(200, "PNGBYTES", "image/png");
        using var client = TestClients.For(api);

        await using var stream = await client.OpenOutputAsync(new Uri(delivery.BaseAddress, "outputs/a.png"));
        using var reader = new StreamReader(stream);

        (await reader.ReadToEndAsync()).Should().Be("PNGBYTES");
        delivery.Requests.Single().Headers.ContainsKey("Authorization").Should().BeFalse();
    }
}
