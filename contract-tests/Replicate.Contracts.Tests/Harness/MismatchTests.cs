using System.Text.Json;
using System.Net;
using System.Text.Json.Nodes;
using Replicate.Contracts.Tests.Infrastructure;
using Replicate.Generated;

namespace Replicate.Contracts.Tests.Harness;

/// <summary>
/// The consumer side can fail: a client call that differs from its interaction fails the verification with the
/// mismatch named, writes no pact, and still shuts the mock server down. Pacts here go to a temporary folder.
/// </summary>
public sealed class MismatchTests
{
    private string pactDir = null!;

    [SetUp]
    public void CreatePactFolder() => pactDir = Directory.CreateTempSubdirectory("replicate-pact-harness-").FullName;

    [TearDown]
    public void RemovePactFolder() => Directory.Delete(pactDir, recursive: true);

    private IPactBuilderV4 NewPact() =>
        Pact.V4("harness-consumer", "harness-provider", new PactConfig { PactDir = pactDir }).WithHttpInteractions();

    private static HttpClient Client(IConsumerContext context, bool withToken = true) =>
        withToken
            ? new HttpClient(new BearerTokenHandler(ContractTest.Token)) { BaseAddress = new Uri(context.MockServerUri, "v1/") }
            : new HttpClient { BaseAddress = new Uri(context.MockServerUri, "v1/") };

    private static IRequestBuilderV4 ModelRequest(IPactBuilderV4 pact) =>
        pact.UponReceiving("a request for a model")
            .WithRequest(HttpMethod.Get, "/v1/models/acme/hello-world")
            .AuthorizedJson();

    [Test]
    public async Task A_call_to_another_path_fails_naming_the_request_and_the_interaction_it_missed()
    {
        var pact = NewPact();
        ModelRequest(pact).WillRespond().WithStatus(HttpStatusCode.OK).WithJsonBody(Examples.Model());

        var verify = () => pact.VerifyAsync(async context =>
        {
            using var http = Client(context);
            await new ModelsClient(http).GetAsync("acme", "goodbye-world");
        });

        var failure = (await verify.Should().ThrowAsync<PactFailureException>()).Which;
        failure.Mismatches.Should().ContainSingle(m => m.Kind == "request-not-found")
            .Which.Path.Should().Be("/v1/models/acme/goodbye-world", "the request nobody expected is named");
        failure.Mismatches.Should().ContainSingle(m => m.Kind == "missing-request")
            .Which.Path.Should().Be("/v1/models/acme/hello-world", "the interaction that was never exercised is named");
        failure.Message.Should().Contain("GET /v1/models/acme/goodbye-world").And.Contain("GET /v1/models/acme/hello-world");
        failure.InnerException.Should().BeOfType<ApiException>("the client's own failure is kept for the record");
        Directory.GetFiles(pactDir).Should().BeEmpty("a failed verification writes no pact");
    }

    [Test]
    public async Task A_call_without_a_required_header_fails_naming_the_header()
    {
        var pact = NewPact();
        ModelRequest(pact).WillRespond().WithStatus(HttpStatusCode.OK).WithJsonBody(Examples.Model());

        var verify = () => pact.VerifyAsync(async context =>
        {
            using var http = Client(context, withToken: false);
            await new ModelsClient(http).GetAsync("acme", "hello-world");
        });

        var failure = (await verify.Should().ThrowAsync<PactFailureException>()).Which;
        var mismatch = failure.Mismatches.Should().ContainSingle().Which;
        mismatch.Kind.Should().Be("HeaderMismatch");
        mismatch.Location.Should().Be("Authorization");
        mismatch.Actual.Should().BeNullOrEmpty("the header was not sent at all");
        failure.Message.Should().Contain("HeaderMismatch at Authorization");
    }

    [Test]
    public async Task A_body_with_an_extra_field_fails_naming_the_field()
    {
        var pact = NewPact();
        pact.UponReceiving("a request to change a deployment's maximum instances")
            .WithRequest("PATCH", "/v1/deployments/acme/my-deployment")
            .AuthorizedJson()
            .WithJsonBody(new { max_instances = 3 })
            .WillRespond().WithStatus(HttpStatusCode.OK).WithJsonBody(Examples.Deployment());

        var verify = () => pact.VerifyAsync(async context =>
        {
            using var http = Client(context);
            await new DeploymentsClient(http).UpdateAsync("acme", "my-deployment", new DeploymentsUpdateRequest { MaxInstances = 3, MinInstances = 1 });
        });

        var failure = (await verify.Should().ThrowAsync<PactFailureException>()).Which;
        var mismatch = failure.Mismatches.Should().ContainSingle().Which;
        mismatch.Kind.Should().Be("BodyMismatch");
        mismatch.Description.Should().Contain("min_instances", "the unexpected field is named");
    }

    [Test]
    public async Task A_body_value_that_differs_fails_with_expected_and_actual_at_its_path()
    {
        var pact = NewPact();
        pact.UponReceiving("a request to create a private model")
            .WithRequest(HttpMethod.Post, "/v1/models")
            .AuthorizedJson()
            .WithJsonBody(new { owner = "acme", name = "hello-world", visibility = "private", hardware = "cpu" })
            .WillRespond().WithStatus(HttpStatusCode.Created).WithJsonBody(Examples.Model());

        var verify = () => pact.VerifyAsync(async context =>
        {
            using var http = Client(context);
            await new ModelsClient(http).CreateAsync(new ModelsCreateRequest
            {
                Owner = "acme", Name = "hello-world", Visibility = ModelVisibility.Public, Hardware = "cpu",
            });
        });

        var mismatch = (await verify.Should().ThrowAsync<PactFailureException>()).Which.Mismatches.Should().ContainSingle().Which;
        mismatch.Location.Should().Be("$.visibility");
        mismatch.Expected.Should().Contain("private");
        mismatch.Actual.Should().Contain("public");
    }

    [Test]
    public async Task A_multipart_field_that_differs_fails_naming_the_part()
    {
        var pact = NewPact();
        pact.UponReceiving("a multipart upload")
            .WithRequest(HttpMethod.Post, "/v1/files")
            .AuthorizedJson()
            .WithMultipartFormData(
                MultipartPart.File("content", "hello.txt", "hello"u8.ToArray(), "text/plain"),
                MultipartPart.Field("metadata", """{"k":"v"}"""))
            .WillRespond().WithStatus(HttpStatusCode.Created).WithJsonBody(Examples.File());

        var verify = () => pact.VerifyAsync(async context =>
        {
            using var http = Client(context);
            await new FilesClient(http).CreateAsync(
                new FileParameter(new MemoryStream("hello"u8.ToArray()), "hello.txt", "text/plain"), new FilesCreateOptions { Metadata = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["k"] = "w" }) });
        });

        var mismatch = (await verify.Should().ThrowAsync<PactFailureException>()).Which.Mismatches.Should().ContainSingle().Which;
        mismatch.Location.Should().Be("$.metadata");
        mismatch.Actual.Should().Contain("\"w\"");
    }

    [Test]
    public async Task An_interaction_the_client_never_exercised_fails()
    {
        var pact = NewPact();
        ModelRequest(pact).WillRespond().WithStatus(HttpStatusCode.OK).WithJsonBody(Examples.Model());
        pact.UponReceiving("a request for the account").WithRequest(HttpMethod.Get, "/v1/account").Authorized()
            .WillRespond().WithStatus(HttpStatusCode.OK).WithJsonBody(new { type = "user", username = "acme" });

        var verify = () => pact.VerifyAsync(async context =>
        {
            using var http = Client(context);
            await new ModelsClient(http).GetAsync("acme", "hello-world");
        });

        var failure = (await verify.Should().ThrowAsync<PactFailureException>()).Which;
        failure.Mismatches.Should().ContainSingle().Which.Should().Match<PactMismatch>(m => m.Kind == "missing-request" && m.Path == "/v1/account");
    }

    [Test]
    public async Task A_matching_call_writes_the_pact_and_later_verifications_merge_into_it()
    {
        var first = NewPact();
        ModelRequest(first).WillRespond().WithStatus(HttpStatusCode.OK).WithJsonBody(Examples.Model());
        await first.VerifyAsync(async context =>
        {
            using var http = Client(context);
            await new ModelsClient(http).GetAsync("acme", "hello-world");
        });

        var second = NewPact();
        second.UponReceiving("a request for the hardware").WithRequest(HttpMethod.Get, "/v1/hardware").AuthorizedJson()
            .WillRespond().WithStatus(HttpStatusCode.OK).WithJsonBody(Match.MinType(new { name = "T4", sku = "gpu-t4" }, 1));
        await second.VerifyAsync(async context =>
        {
            using var http = Client(context);
            await new HardwareClient(http).ListAsync();
        });

        var file = Path.Combine(pactDir, "harness-consumer-harness-provider.json");
        var pactJson = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        pactJson["metadata"]!["pactSpecification"]!["version"]!.GetValue<string>().Should().Be("4.0");
        pactJson["interactions"]!.AsArray().Select(i => i!["description"]!.GetValue<string>())
            .Should().BeEquivalentTo("a request for a model", "a request for the hardware");
    }

    [Test]
    public async Task A_builder_verifies_once_and_the_server_is_gone_afterwards()
    {
        var pact = NewPact();
        ModelRequest(pact).WillRespond().WithStatus(HttpStatusCode.OK).WithJsonBody(Examples.Model());
        Uri? address = null;
        await pact.VerifyAsync(async context =>
        {
            address = context.MockServerUri;
            using var http = Client(context);
            await new ModelsClient(http).GetAsync("acme", "hello-world");
        });

        var again = () => pact.VerifyAsync(_ => Task.CompletedTask);
        await again.Should().ThrowAsync<InvalidOperationException>().WithMessage("*verified already*");
        using var probe = new HttpClient();
        var afterwards = () => probe.GetAsync(new Uri(address!, "v1/models/acme/hello-world"));
        await afterwards.Should().ThrowAsync<HttpRequestException>("the mock server was shut down when the verification ended");
    }

    [Test]
    public async Task An_interaction_without_a_response_is_refused_before_any_server_starts()
    {
        var pact = NewPact();
        pact.UponReceiving("a request with no response").WithRequest(HttpMethod.Get, "/v1/account");

        var verify = () => pact.VerifyAsync(_ => Task.CompletedTask);

        await verify.Should().ThrowAsync<InvalidOperationException>().WithMessage("*a request with no response*");
    }
}
