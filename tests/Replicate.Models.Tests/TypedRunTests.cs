using System.Text.Json;
using Replicate.Client;
using Replicate.Client.ModelSchemas;
using Replicate.Client.Predictions;
using Replicate.Testing;

namespace Replicate.Models.Tests;

/// <summary>A typed run through the real client against the fake: the pinned version is what is created, checked first.</summary>
public class TypedRunTests
{
    private const string Token = "r8_PinnedModelTestToken";

    private static (FakeReplicate Fake, ReplicateClient Client) Start()
    {
        var fake = new FakeReplicate();
        var model = PinnedModels.FluxSchnell.Model;
        fake.AddModel(new FakeModel(model.Owner, model.Name)
        {
            VersionId = PinnedModels.FluxSchnell.VersionId,
            Script = new FakeRunScript { Outputs = [FakeOutput.FromFile("out-0.webp", new byte[] { 1, 2, 3 }, "image/webp"), FakeOutput.FromFile("out-1.webp", new byte[] { 4 }, "image/webp")] },
        });
        var client = new ReplicateClient(new ReplicateClientOptions
        {
            BaseAddress = fake.BaseAddress,
            ApiToken = Token,
            Transport = fake.CreateHandler(),
            TimeProvider = fake.Time,
        });
        return (fake, client);
    }

    [Test]
    public async Task RunAsync_creates_the_pinned_version_with_only_the_inputs_set_and_returns_typed_output()
    {
        var (fake, client) = Start();
        await using var _ = fake;
        using var __ = client;

        IReadOnlyList<Uri> images = await client.RunAsync(PinnedModels.FluxSchnell, new FluxSchnellInput
        {
            Prompt = "a lighthouse at dawn",
            AspectRatio = FluxSchnellAspectRatio.Ratio16By9,
            NumOutputs = 2,
        });

        images.Should().HaveCount(2).And.OnlyContain(u => u.IsAbsoluteUri);
        var create = fake.Requests.Single(r => r.OperationId == "Predictions_Create");
        using var body = JsonDocument.Parse(create.BodyText);
        body.RootElement.GetProperty("version").GetString().Should().Be(PinnedModels.FluxSchnell.VersionId);
        body.RootElement.GetProperty("input").EnumerateObject().Select(p => p.Name).Should()
            .Equal(["prompt", "aspect_ratio", "num_outputs"], "unset inputs are left to the model's defaults, in the model's order");
        body.RootElement.GetProperty("input").GetProperty("aspect_ratio").GetString().Should().Be("16:9");
        fake.Requests.Should().NotContain(r => r.OperationId == "Models_VersionsGet", "the pinned model carries its schema: checking costs no request");
    }

    [Test]
    public async Task An_input_outside_the_pinned_schema_throws_with_every_error_and_sends_nothing()
    {
        var (fake, client) = Start();
        await using var _ = fake;
        using var __ = client;

        var act = () => client.RunAsync(PinnedModels.FluxSchnell, new FluxSchnellInput
        {
            Prompt = "x",
            NumOutputs = 9,
            OutputQuality = -1,
            Megapixels = new FluxSchnellMegapixels("4"),
        });

        var thrown = (await act.Should().ThrowAsync<ReplicateInputValidationException>()).Which;
        thrown.Errors.Select(e => (e.Field, e.Rule)).Should().BeEquivalentTo(new[] { ("/num_outputs", "maximum"), ("/output_quality", "minimum"), ("/megapixels", "enum") });
        thrown.Message.Should().Contain("POST /v1/predictions");
        fake.Requests.Should().BeEmpty("nothing is sent for an input the schema refuses");
    }

    [Test]
    public async Task Validation_can_be_turned_off_for_one_create_and_the_server_decides()
    {
        var (fake, client) = Start();
        await using var _ = fake;
        using var __ = client;

        var operation = await client.CreatePredictionAsync(PinnedModels.FluxSchnell, new FluxSchnellInput { Prompt = "x", NumOutputs = 9 }, new PredictionCreateOptions { ValidateInput = false });

        operation.Id.Should().NotBeNullOrEmpty();
        fake.Requests.Should().ContainSingle(r => r.OperationId == "Predictions_Create");
    }

    [Test]
    public void The_pinned_model_validates_without_a_client()
    {
        PinnedModels.Sdxl.Validate(new SdxlInput { Prompt = "x", GuidanceScale = 7.5, Scheduler = SdxlScheduler.KEulerAncestral }).Should().BeEmpty();
        PinnedModels.Sdxl.Validate(new SdxlInput { PromptStrength = 1.5, Image = new Uri("/tmp/a.png", UriKind.Relative) })
            .Select(e => e.Rule).Should().BeEquivalentTo(["maximum", "format"]);
    }
}
