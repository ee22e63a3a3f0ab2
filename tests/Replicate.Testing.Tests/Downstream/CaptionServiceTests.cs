using Replicate.Client;

namespace Replicate.Testing.Tests.Downstream;

/// <summary>The downstream service tested the way its team would: against the fake, no network, no token, no cost.</summary>
public class CaptionServiceTests
{
    private FakeReplicate _fake = null!;
    private ReplicateClient _replicate = null!;

    [SetUp]
    public void SetUp()
    {
        _fake = new FakeReplicate();
        _replicate = new ReplicateClient(new ReplicateClientOptions
        {
            ApiToken = "test",
            BaseAddress = _fake.BaseAddress,
            Transport = _fake.CreateHandler(),
            TimeProvider = _fake.Time,
        });
    }

    [TearDown]
    public async Task TearDown()
    {
        _replicate.Dispose();
        await _fake.DisposeAsync();
    }

    [Test]
    public async Task It_returns_the_caption_without_the_models_prefix()
    {
        _fake.AddModel("salesforce", "blip", new FakeRunScript { Outputs = [FakeOutput.FromText("Caption: a dog on a beach")] });

        var result = await new CaptionService(_replicate).CaptionAsync(new Uri("https://example.test/dog.jpg"));

        result.Should().Be(new CaptionResult("a dog on a beach", null));
        var prediction = _fake.Predictions.Single();
        prediction.Model.Should().Be(CaptionService.Model);
        prediction.Input.GetProperty("image").GetString().Should().Be("https://example.test/dog.jpg");
    }

    [Test]
    public async Task A_model_failure_is_a_result_with_the_error()
    {
        _fake.AddModel("salesforce", "blip", new FakeRunScript { Error = "image could not be decoded" });

        var result = await new CaptionService(_replicate).CaptionAsync(new Uri("https://example.test/broken.jpg"));

        result.Should().Be(new CaptionResult(null, "image could not be decoded"));
    }

    [Test]
    public async Task A_slow_model_is_waited_for_by_polling()
    {
        _fake.AddModel("salesforce", "blip", new FakeRunScript { QueueTime = TimeSpan.FromSeconds(20), RunTime = TimeSpan.FromSeconds(70), Outputs = [FakeOutput.FromText("a cat")] });

        var result = await _fake.RunUntilCompletedAsync(new CaptionService(_replicate).CaptionAsync(new Uri("https://example.test/cat.jpg")));

        result.Caption.Should().Be("a cat");
        _fake.Requests.Should().Contain(r => r.OperationId == "Predictions_Get", "the service polled until the prediction finished");
    }
}
