using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Abstractions.Authentication;
using Replicate.Client;
using Replicate.Client.Errors;
using Replicate.Testing;

namespace Replicate.Kiota.Tests;

/// <summary>
/// The Kiota flavour on a real loopback socket behaves as the NSwag flavour does, because it sends through the same
/// pipeline: the token goes to the API's origin only, reads are retried on 5xx and creates are not, a non-success status
/// is a <see cref="ReplicateApiException"/> naming the operation, and the search goes out as HTTP QUERY.
/// </summary>
public class KiotaTransportTests
{
    private const string Token = "r8_KiotaTransportTestToken0123456789";

    private ScriptedServer _api = null!;

    [SetUp]
    public async Task StartAsync() => _api = await ScriptedServer.StartAsync();

    [TearDown]
    public async Task StopAsync() => await _api.DisposeAsync();

    private ReplicateKiotaClient Client(Action<ReplicateClientOptions>? configure = null)
    {
        var options = new ReplicateClientOptions { ApiToken = Token, BaseAddress = _api.ApiBase };
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
        configure?.Invoke(options);
        return ReplicateKiotaClient.Create(options);
    }

    private static string Prediction(string id, string status) =>
        $$"""{"id":"{{id}}","status":"{{status}}","model":"acme/m","version":"v","input":{},"urls":{"get":"https://api.replicate.com/v1/predictions/{{id}}"},"created_at":"2025-01-02T03:04:05.123456Z"}""";

    [Test]
    public async Task A_read_answered_5xx_is_retried_and_then_succeeds()
    {
        _api.Respond(503, """{"title":"Service Unavailable","status":503}""").Respond(200, Prediction("p1", "succeeded"));
        using var replicate = Client();

        var prediction = await replicate.Predictions["p1"].GetAsync();

        prediction!.Status.Should().Be("succeeded");
        _api.Requests.Select(r => r.Method + " " + r.PathAndQuery).Should().Equal("GET /v1/predictions/p1", "GET /v1/predictions/p1");
    }

    [Test]
    public async Task A_create_answered_5xx_is_not_sent_twice_and_fails_naming_the_operation()
    {
        _api.Respond(500, """{"title":"Internal Server Error","status":500}""", "application/problem+json");
        using var replicate = Client();

        var create = () => replicate.Predictions.PostAsync(new Models.VersionPredictionRequest { Version = "v" });

        var error = (await create.Should().ThrowAsync<ReplicateApiException>()).Which;
        error.StatusCode.Should().Be(500);
        error.Operation.Should().Be("POST /v1/predictions");
        _api.Requests.Should().ContainSingle("a create is never sent twice: it could run and bill twice");
    }

    [Test]
    public async Task A_404_is_a_ReplicateApiException_with_the_problem_details_and_the_operation()
    {
        _api.Respond(404, """{"title":"Not found","detail":"The requested resource could not be found.","status":404}""", "application/problem+json");
        using var replicate = Client();

        var get = () => replicate.Files["missing"].GetAsync();

        var error = (await get.Should().ThrowAsync<ReplicateApiException>()).Which;
        error.Should().BeAssignableTo<ReplicateException>("every failure a caller sees derives from the one root");
        error.StatusCode.Should().Be(404);
        error.Operation.Should().Be("GET /v1/files/missing");
        error.Detail.Should().Be("The requested resource could not be found.");
        _api.Requests.Should().ContainSingle("a 404 is not retried");
    }

    [Test]
    public async Task The_token_goes_to_the_API_origin_and_never_to_another_one()
    {
        await using var other = await ScriptedServer.StartAsync();
        other.Respond(200, """{"next":null,"previous":null,"results":[]}""");
        _api.Respond(200, """{"next":null,"previous":null,"results":[]}""");
        using var replicate = Client();

        await replicate.Predictions.GetAsync();
        await replicate.Predictions.WithUrl(new Uri(other.ApiBase, "predictions?cursor=x").AbsoluteUri).GetAsync();   // a next link elsewhere

        _api.Requests.Single().Headers["Authorization"].Should().Be("Bearer " + Token);
        other.Requests.Single().Headers.Should().NotContainKey("Authorization", "another origin (here another port) never receives the token");
    }

    [Test]
    public async Task The_search_goes_out_as_QUERY_with_a_text_body_and_reads_its_page()
    {
        _api.Respond(200, """{"next":null,"previous":null,"results":[{"owner":"acme","name":"upscaler","url":"https://replicate.com/acme/upscaler","visibility":"public","run_count":3}]}""");
        using var replicate = Client();

        var found = await replicate.Models.QueryAsync("upscale faces");

        found!.Results.Should().ContainSingle().Which.Name.Should().Be("upscaler");
        var request = _api.Requests.Single();
        (request.Method + " " + request.PathAndQuery).Should().Be("QUERY /v1/models");
        request.Headers["Content-Type"].Should().StartWith("text/plain");
        request.Body.Should().Be("upscale faces");
    }

    [Test]
    public async Task The_search_refuses_an_adapter_that_cannot_send_QUERY_and_sends_nothing()
    {
        using var http = new HttpClient { BaseAddress = _api.ApiBase };
        using var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = _api.ApiBase.AbsoluteUri.TrimEnd('/') };
        var replicate = new ReplicateKiotaClient(adapter);

        var search = () => replicate.Models.QueryAsync("upscale faces");

        (await search.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("ReplicateKiotaClient.Create");
        _api.Requests.Should().BeEmpty("built as POST, the search must not go out as a POST /models (a create)");
    }

    [Test]
    public async Task A_status_the_spec_does_not_list_reads_as_it_comes()
    {
        _api.Respond(200, Prediction("p2", "paused_for_review"));
        using var replicate = Client();

        var prediction = await replicate.Predictions["p2"].GetAsync();

        prediction!.Status.Should().Be("paused_for_review", "server-owned string sets are strings in the Kiota flavour (normalizer rule 6), never null");
    }

    [Test]
    public async Task The_upload_is_multipart_with_the_file_part_and_its_fields()
    {
        _api.Respond(201, """{"id":"f1","size":5,"content_type":"text/plain","urls":{"get":"https://api.replicate.com/v1/files/f1"}}""");
        using var replicate = Client();

        using var content = new MemoryStream("hello"u8.ToArray());
        var file = await replicate.Files.PostAsync(FileUpload.Create(content, "hello.txt", "text/plain", """{"k":"v"}"""));

        file!.Id.Should().Be("f1");
        var body = _api.Requests.Single().Body;
        body.Should().Contain("name=\"content\"; filename=\"hello.txt\"").And.Contain("hello")
            .And.Contain("name=\"filename\"").And.Contain("name=\"type\"").And.Contain("name=\"metadata\"").And.Contain("""{"k":"v"}""");
    }

    [Test]
    public void The_client_describes_itself_without_its_token()
    {
        using var replicate = Client();

        replicate.ToString().Should().Contain(_api.ApiBase.AbsoluteUri.TrimEnd('/')).And.NotContain(Token);
    }
}
