using System.Text.Json;
using System.Net;
using Replicate.Contracts.Tests.Infrastructure;
using K = Replicate.Kiota.Models;
using Replicate.Generated;

namespace Replicate.Contracts.Tests.Contracts;

/// <summary>The files: list, multipart upload, get, octet-stream download, delete, and a file that does not exist.</summary>
public sealed class FilesContracts(ClientFlavour flavour) : ContractTest(flavour)
{
    private static readonly IMatcher FilePath = Expect.Path("/v1/files/{id}", ("id", Examples.FileId));
    private static readonly Dictionary<string, string> Existing = new() { ["id"] = Examples.FileId };

    [Test]
    public async Task List_returns_a_page_of_files()
    {
        PactBuilder.UponReceiving("a request to list files")
            .Given("the account has uploaded a file")
            .WithRequest(HttpMethod.Get, "/v1/files")
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(Examples.Page(Examples.File()));

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var page = await new FilesClient(http).ListAsync();
                page.Results.Should().ContainSingle().Which.Urls!.Get!.Authority.Should().Be(context.MockServerUri.Authority, "file URLs point at the API");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var page = await replicate.Files.GetAsync();
                new Uri(page!.Results.Should().ContainSingle().Which.Urls!.Get!).Authority.Should().Be(context.MockServerUri.Authority, "file URLs point at the API");
            });
    }

    [Test]
    public async Task Create_uploads_the_content_and_its_fields_as_multipart()
    {
        PactBuilder.UponReceiving("a multipart upload of a text file")
            .WithRequest(HttpMethod.Post, "/v1/files")
            .AuthorizedJson()
            .WithMultipartFormData(
                MultipartPart.File("content", "hello.txt", "hello"u8.ToArray(), "text/plain"),
                MultipartPart.Field("filename", "hello.txt"),
                MultipartPart.Field("metadata", """{"k":"v"}"""),
                MultipartPart.Field("type", "text/plain"))
            .WillRespond()
            .WithStatus(HttpStatusCode.Created)
            .WithJsonBody(Examples.File());

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var file = await new FilesClient(http).CreateAsync(
                    new FileParameter(new MemoryStream("hello"u8.ToArray()), "hello.txt", "text/plain"),
                    new FilesCreateOptions { Filename = "hello.txt", Metadata = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["k"] = "v" }), Type = "text/plain" });
                file.Id.Should().Be(Examples.FileId);
                file.Size.Should().Be(5);
            },
            async context =>
            {
                using var replicate = Kiota(context);
                using var content = new MemoryStream("hello"u8.ToArray());
                var file = await replicate.Files.PostAsync(Replicate.Kiota.FileUpload.Create(content, "hello.txt", "text/plain", """{"k":"v"}"""));
                file!.Id.Should().Be(Examples.FileId);
                file.Size.Should().Be(5);
            });
    }

    [Test]
    public async Task Get_returns_the_file()
    {
        PactBuilder.UponReceiving("a request for a file")
            .Given("a file exists", Existing)
            .WithRequest("GET", FilePath)
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(Examples.File());

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var file = await new FilesClient(http).GetAsync(Examples.FileId);
                file.ContentType.Should().Be("text/plain");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var file = await replicate.Files[Examples.FileId].GetAsync();
                file!.ContentType.Should().Be("text/plain");
            });
    }

    [Test]
    public async Task Get_of_a_file_that_does_not_exist_is_a_404_problem()
    {
        PactBuilder.UponReceiving("a request for a file that does not exist")
            .Given("no file has the id", new Dictionary<string, string> { ["id"] = "doesnotexist" })
            .WithRequest("GET", Expect.Path("/v1/files/{id}", ("id", "doesnotexist")))
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.NotFound)
            .WithJsonBody(Examples.Problem(404, "Not found", "The requested resource could not be found."), Expect.Problem);

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var call = () => new FilesClient(http).GetAsync("doesnotexist");
                var error = (await call.Should().ThrowAsync<ApiException>()).Which;
                error.StatusCode.Should().Be(404);
                error.Detail.Should().NotBeNullOrEmpty("the problem details are read into the error");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var call = () => replicate.Files["doesnotexist"].GetAsync();
                var error = (await call.Should().ThrowAsync<Replicate.Client.Errors.ReplicateApiException>()).Which;
                error.StatusCode.Should().Be(404);
                error.Operation.Should().Be("GET /v1/files/doesnotexist");
                error.Detail.Should().NotBeNullOrEmpty("the problem details are read into the error");
            });
    }

    [Test]
    public async Task Download_streams_the_bytes_for_a_signed_url()
    {
        var bytes = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF };
        PactBuilder.UponReceiving("a signed download of a file's bytes")
            .Given("a file exists", Existing)
            .WithRequest("GET", Expect.Path("/v1/files/{id}/download", ("id", Examples.FileId)))
            .WithQuery("owner", Match.Type("acme"))
            .WithQuery("expiry", Match.Integer(1700000000))
            .WithQuery("signature", Match.Type("abc+/="))
            .Authorized()
            .WithHeader("Accept", "application/octet-stream")
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithBinaryBody(bytes, "application/octet-stream");

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                using var file = await new FilesClient(http).DownloadAsync(Examples.FileId, "acme", 1700000000, "abc+/=");
                using var copy = new MemoryStream();
                await file.Stream.CopyToAsync(copy);
                copy.ToArray().Should().Equal(bytes, "the body is passed through byte for byte");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                await using var file = await replicate.Files[Examples.FileId].Download.GetAsync(c =>
                {
                    c.QueryParameters.Owner = "acme";
                    c.QueryParameters.Expiry = 1700000000;
                    c.QueryParameters.Signature = "abc+/=";
                });
                using var copy = new MemoryStream();
                await file!.CopyToAsync(copy);
                copy.ToArray().Should().Equal(bytes, "the body is passed through byte for byte");
            });
    }

    [Test]
    public async Task Delete_answers_204_without_a_body()
    {
        PactBuilder.UponReceiving("a request to delete a file")
            .Given("a file exists", Existing)
            .WithRequest("DELETE", FilePath)
            .Authorized()
            .WillRespond()
            .WithStatus(HttpStatusCode.NoContent);

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                await new FilesClient(http).DeleteAsync(Examples.FileId);
            },
            async context =>
            {
                using var replicate = Kiota(context);
                await replicate.Files[Examples.FileId].DeleteAsync();
            });
    }
}
