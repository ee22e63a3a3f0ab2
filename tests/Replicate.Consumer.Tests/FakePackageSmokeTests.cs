using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using Replicate.Client;
using Replicate.Client.Errors;
using Replicate.Client.Predictions;
using Replicate.Client.Webhooks;
using Replicate.Generated;
using Replicate.Testing;
using Fake = Replicate.Testing.FakeReplicate;

namespace Replicate.Consumer.Tests;

/// <summary>
/// Replicate.Testing as a downstream team gets it from the local feed: the real ReplicateClient (also from the feed)
/// driven through create and wait, stream, upload, webhook, rate-limit and fault scenarios against the packaged fake.
/// </summary>
public class FakePackageSmokeTests
{
    [Test]
    public async Task Create_and_wait_runs_a_scripted_model_through_its_statuses()
    {
        await using var fake = new Fake();
        fake.AddModel("acme", "captioner", new FakeRunScript { RunTime = TimeSpan.FromMinutes(2), ProgressSteps = 4, Outputs = [FakeOutput.FromText("a cat")] });
        using var client = For(fake);

        var operation = await client.CreatePredictionAsync("acme/captioner", new { image = "https://example.test/cat.jpg" });
        operation.Status.Should().Be(PredictionStatus.Starting);
        var prediction = await operation.WaitForCompletionAsync();

        prediction.Status.Should().Be(PredictionStatus.Succeeded);
        new PredictionOutput(prediction.Output).AsString().Should().Be("a cat");
        prediction.Logs.Should().Contain("100%|");
        fake.Requests.Should().Contain(r => r.OperationId == "Predictions_Get", "a two-minute run is waited for by polling");
    }

    [Test]
    public async Task The_readme_typed_run_creates_the_pinned_version_and_reads_typed_output()
    {
        await using var fake = new Fake();
        var pinned = Replicate.Models.PinnedModels.FluxSchnell;
        fake.AddModel(new FakeModel(pinned.Model.Owner, pinned.Model.Name)
        {
            VersionId = pinned.VersionId,
            Script = new FakeRunScript { Outputs = [FakeOutput.FromFile("a.webp", new byte[] { 1 }, "image/webp"), FakeOutput.FromFile("b.webp", new byte[] { 2 }, "image/webp")] },
        });
        using var client = For(fake);

        var images = await Quickstart.Examples.RunPinnedModelAsync(client, "a lighthouse");

        images.Should().HaveCount(2);
        fake.Predictions.Should().ContainSingle().Which.Version.Should().Be(pinned.VersionId);
        fake.Requests.Should().NotContain(r => r.OperationId == "Models_VersionsGet", "the package carries the pinned schema");
    }

    [Test]
    public async Task A_stream_yields_the_scripted_tokens_over_a_loopback_socket()
    {
        await using var fake = new Fake();
        var baseAddress = await fake.StartServerAsync();
        fake.AddModel("acme", "llm", new FakeRunScript { Streams = true, Outputs = [FakeOutput.FromText("Hello"), FakeOutput.FromText(" world")] });
        using var client = new ReplicateClient(new ReplicateClientOptions { ApiToken = "test", BaseAddress = baseAddress, TimeProvider = fake.Time });

        var operation = await client.CreatePredictionAsync("acme/llm", new { prompt = "hi" });
        var text = new StringBuilder();
        await foreach (var token in client.StreamTextAsync(operation.Value!))
        {
            text.Append(token);
        }

        baseAddress.Host.Should().Be("127.0.0.1");
        text.ToString().Should().Be("Hello world");
    }

    [Test]
    public async Task An_upload_is_stored_and_its_size_limit_enforced()
    {
        await using var fake = new Fake(new FakeReplicateOptions { MaxFileSize = 64 });
        using var client = For(fake);

        var file = await client.UploadFileAsync(Encoding.UTF8.GetBytes("small"), "small.txt", "text/plain");
        var tooBig = () => client.UploadFileAsync(new byte[65], "big.bin");

        (await client.Files.GetAsync(file.Id)).Size.Should().Be(5);
        (await tooBig.Should().ThrowAsync<ReplicateApiException>()).Which.StatusCode.Should().Be(413);
    }

    [Test]
    public async Task A_webhook_delivery_reaches_a_receiver_and_verifies_with_the_served_secret()
    {
        // The receiver: the consumer suite's scripted loopback server, answering the one delivery with 200.
        await using var receiver = (await Replicate.Consumer.Tests.Loopback.ScriptedReplicate.StartAsync()).Respond(200, "ok", "text/plain");
        await using var fake = new Fake();
        fake.AddModel("acme", "m");
        using var client = For(fake);

        await client.CreatePredictionAsync("acme/m", new { prompt = "x" }, new PredictionCreateOptions
        {
            Webhook = new Uri(receiver.Root, "hook"),
            WebhookEventsFilter = [WebhookEventType.Completed],
            Wait = TimeSpan.FromSeconds(60),
        });
        await fake.Webhooks.WhenIdleAsync();

        var secret = WebhookSecret.Parse((await client.Webhooks.DefaultSecretGetAsync()).Key);
        var received = receiver.Requests.Should().ContainSingle().Subject;
        var delivery = WebhookDelivery.Verify(secret, WebhookHeaders.FromLookup(name => received.Headers.GetValueOrDefault(name)), received.Body, new WebhookVerificationOptions { TimeProvider = fake.Time });
        delivery.ParsePrediction().Status.Should().Be(PredictionStatus.Succeeded);
        delivery.Id.Should().Be(fake.Webhooks.Deliveries.Single().Id);
    }

    [Test]
    public async Task A_low_credit_rate_limit_is_waited_out_by_the_clients_retry()
    {
        await using var fake = new Fake(new FakeReplicateOptions { RateLimits = FakeRateLimits.LowCredit });
        fake.AddModel("acme", "m");
        using var client = For(fake);

        await client.RunAsync("acme/m", new { prompt = "one" });
        var second = await client.RunAsync("acme/m", new { prompt = "two" });

        second.AsString().Should().Be("done");
        fake.Predictions.Should().HaveCount(2);
        fake.Requests.Count(r => r.OperationId == "Models_PredictionsCreate").Should().Be(3, "the throttled create was retried after its Retry-After");
    }

    [Test]
    public async Task Faults_are_survived_where_retrying_is_safe_and_not_where_it_could_bill_twice()
    {
        await using var fake = new Fake();
        fake.AddModel("acme", "m");
        using var client = For(fake);
        var operation = await client.CreatePredictionAsync("acme/m", new { prompt = "x" });
        fake.AddFault(new FakeFault(FakeFaultKind.ServerError) { OperationId = "Predictions_Get", Count = 2 });
        fake.AddFault(new FakeFault(FakeFaultKind.ConnectionReset) { OperationId = "Models_PredictionsCreate" });

        var read = await client.Predictions.GetAsync(operation.Id);
        var create = () => client.CreatePredictionAsync("acme/m", new { prompt = "y" });

        read.Id.Should().Be(operation.Id);
        await create.Should().ThrowAsync<ReplicateNetworkException>();
        fake.Predictions.Should().ContainSingle("the reset create was neither processed nor re-sent");
    }

    [Test]
    public void The_testing_package_needs_only_the_fake_clock_and_ASP_NET_Core()
    {
        var feed = typeof(FakePackageSmokeTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        var path = Path.Combine(feed["ReplicatePackageFeed"]!, $"Replicate.Testing.{feed["ReplicatePackageVersion"]}.nupkg");
        using var package = ZipFile.OpenRead(path);
        using var nuspec = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");

        metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(d => d.Attribute("id")!.Value)
            .Should().BeEquivalentTo(["Microsoft.Extensions.TimeProvider.Testing"], "the fake stands alone: no dependency on the client it fakes for");
        metadata.Descendants().Where(e => e.Name.LocalName == "frameworkReference").Select(d => d.Attribute("name")!.Value)
            .Should().Contain("Microsoft.AspNetCore.App", "the loopback server is Kestrel");
    }

    [Test]
    public async Task The_readme_validation_example_reports_every_error_and_sends_no_create()
    {
        await using var fake = new Fake();
        fake.AddModel(new FakeModel("black-forest-labs", "flux-schnell") { OpenApiSchema = """
            { "openapi": "3.0.2", "components": { "schemas": { "Input": { "type": "object", "required": ["prompt"], "properties": {
                "prompt": { "type": "string", "x-order": 0 },
                "num_outputs": { "type": "integer", "default": 1, "minimum": 1, "maximum": 4, "x-order": 1 } } } } } }
            """ });
        using var client = For(fake);
        using var input = System.Text.Json.JsonDocument.Parse("""{ "num_outputs": 5, "promt": "a fox" }""");

        var errors = await Quickstart.Examples.ValidateInputAsync(client, input.RootElement);

        errors.Should().Equal("/prompt required", "/num_outputs maximum", "/promt unknown-input");
        fake.Requests.Select(r => r.OperationId).Should().Equal(["Models_Get"], "the schema was fetched once, and the create was never sent");
    }

    [Test]
    public async Task The_readme_batch_example_runs_every_prompt_once_and_keeps_every_output()
    {
        await using var fake = new Fake();
        fake.AddModel("black-forest-labs", "flux-schnell", new FakeRunScript { Outputs = [FakeOutput.FromFile("out-0.webp", new byte[] { 1, 2, 3 }, "image/webp")] });
        using var client = For(fake);
        var folder = Directory.CreateTempSubdirectory("replicate-smoke-batch-").FullName;
        try
        {
            string[] prompts = ["a fox", "a cat", "an owl"];

            var failed = await Quickstart.Examples.RunManyAsync(client, prompts, folder);
            var again = await Quickstart.Examples.RunManyAsync(client, prompts, folder);

            failed.Should().BeEmpty();
            again.Should().BeEmpty();
            fake.Predictions.Should().HaveCount(3, "the second run found every prompt in the journal and created none");
            Directory.GetFiles(folder, "*.webp").Select(Path.GetFileName).Should().BeEquivalentTo(["prompt-0.webp", "prompt-1.webp", "prompt-2.webp"]);
            File.Exists(Path.Combine(folder, "batch.journal")).Should().BeTrue();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static ReplicateClient For(Fake fake) => new(new ReplicateClientOptions
    {
        ApiToken = "test",
        BaseAddress = fake.BaseAddress,
        Transport = fake.CreateHandler(),
        TimeProvider = fake.Time,
    });
}
