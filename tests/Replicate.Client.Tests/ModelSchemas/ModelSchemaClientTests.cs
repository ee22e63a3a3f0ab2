using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using Replicate.Client.ModelSchemas;
using Replicate.Client.Predictions;
using Replicate.Testing;

namespace Replicate.Client.Tests.ModelSchemas;

/// <summary>Schemas through the client: cached per version, latest re-resolved, and creates checked before sending.</summary>
public sealed class ModelSchemaClientTests
{
    private const string Version = "5599ed30703defd1d160a25a63321b4dec97101d98b4674bcc56e41f62f35637";

    private static FakeReplicate Fake()
    {
        var fake = new FakeReplicate();
        fake.AddModel(new FakeModel("acme", "sdxl") { VersionId = Version, OpenApiSchema = CogSchemas.SdxlLike });
        return fake;
    }

    private static ReplicateClient Client(FakeReplicate fake, bool validate = true, TimeSpan? lifetime = null) => new(new ReplicateClientOptions
    {
        ApiToken = "r8_test",
        BaseAddress = fake.BaseAddress,
        Transport = fake.CreateHandler(),
        TimeProvider = fake.Time,
        ValidateInputs = validate,
        LatestModelSchemaLifetime = lifetime ?? TimeSpan.FromMinutes(5),
    });

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [TestCase("acme/sdxl")]
    [TestCase("acme/sdxl:" + Version)]
    public async Task A_create_with_a_bad_input_throws_every_error_and_sends_no_create(string model)
    {
        await using var fake = Fake();
        using var client = Client(fake);

        var create = () => client.CreatePredictionAsync(model, Json("""{ "num_outputs": 5, "guidence_scale": 7 }"""));

        var thrown = (await create.Should().ThrowAsync<ReplicateInputValidationException>()).Which;
        thrown.Should().BeAssignableTo<Replicate.Client.Errors.ReplicateException>("it is one of the family callers catch");
        thrown.Errors.Select(e => e.ToString()).Should().Equal("/num_outputs: maximum: 5 > 4", "/guidence_scale: unknown-input: not an input of this model; did you mean 'guidance_scale'?");
        thrown.Operation.Should().StartWith("POST /v1/");
        thrown.Message.Should().Contain(thrown.Operation).And.Contain("/num_outputs").And.Contain("/guidence_scale");
        fake.Requests.Should().OnlyContain(r => r.Method == "GET", "only the schema was fetched; no create was sent");
        fake.Predictions.Should().BeEmpty();
    }

    [Test]
    public async Task A_valid_input_is_sent_and_a_cached_version_costs_no_further_request()
    {
        await using var fake = Fake();
        using var client = Client(fake);

        await client.CreatePredictionAsync("acme/sdxl:" + Version, Json(CogSchemas.SdxlInput));
        var afterFirst = fake.Requests.Count;
        await client.CreatePredictionAsync("acme/sdxl:" + Version, Json(CogSchemas.SdxlInput));
        await fake.AdvanceAsync(TimeSpan.FromDays(30));
        await client.CreatePredictionAsync(Version, Json(CogSchemas.SdxlInput));   // a bare id, checked against the cache

        fake.Requests.Select(r => r.Method).Should().Equal(["GET", "POST", "POST", "POST"], "the version's schema is fetched once and kept for good");
        afterFirst.Should().Be(2);
        fake.Predictions.Should().HaveCount(3);
    }

    [Test]
    public async Task The_latest_version_is_reused_within_its_lifetime_and_resolved_again_after()
    {
        await using var fake = Fake();
        using var client = Client(fake, lifetime: TimeSpan.FromMinutes(1));

        var first = await client.GetModelSchemaAsync("acme/sdxl");
        await fake.AdvanceAsync(TimeSpan.FromSeconds(59));
        var second = await client.GetModelSchemaAsync("acme/sdxl");
        var gets = fake.Requests.Count;
        await fake.AdvanceAsync(TimeSpan.FromSeconds(1));
        await client.GetModelSchemaAsync("acme/sdxl");

        first.VersionId.Should().Be(Version);
        second.Should().BeSameAs(first, "within the lifetime the latest version is not asked again");
        gets.Should().Be(1);
        fake.Requests.Select(r => r.Path).Should().Equal(["/v1/models/acme/sdxl", "/v1/models/acme/sdxl"], "after the lifetime the model is asked for its latest version again");
        await client.GetModelSchemaAsync("acme/sdxl:" + Version);
        fake.Requests.Should().HaveCount(2, "resolving the latest version cached that version too");
    }

    [Test]
    public async Task Concurrent_callers_share_one_fetch()
    {
        await using var fake = Fake();
        using var client = Client(fake);

        var schemas = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => client.GetModelSchemaAsync("acme/sdxl:" + Version))));

        schemas.Should().OnlyContain(s => ReferenceEquals(s, schemas[0]));
        fake.Requests.Should().ContainSingle("sixteen callers at once share one request");
    }

    [Test]
    public async Task Validation_is_off_by_default_and_can_be_turned_on_or_off_per_call()
    {
        await using var fake = Fake();
        using var off = Client(fake, validate: false);
        var bad = Json("""{ "num_outputs": 5 }""");

        await off.CreatePredictionAsync("acme/sdxl", bad);
        fake.Requests.Select(r => r.Method).Should().Equal(["POST"], "off by default: a create is exactly one request");

        var on = () => off.CreatePredictionAsync("acme/sdxl", bad, new PredictionCreateOptions { ValidateInput = true });
        await on.Should().ThrowAsync<ReplicateInputValidationException>();

        using var client = Client(fake, validate: true);
        await client.CreatePredictionAsync("acme/sdxl", bad, new PredictionCreateOptions { ValidateInput = false });
        fake.Predictions.Should().HaveCount(2);
    }

    [Test]
    public async Task RunAsync_validates_too_and_a_bare_version_without_a_cached_schema_is_an_argument_error()
    {
        await using var fake = Fake();
        using var client = Client(fake);

        var run = () => client.RunAsync("acme/sdxl", Json("""{ "width": 100 }"""));
        (await run.Should().ThrowAsync<ReplicateInputValidationException>()).Which.Errors.Select(e => e.Rule).Should().Equal("minimum", "multipleOf");

        var bare = () => client.CreatePredictionAsync("0123456789abcdef", Json("{}"));
        await bare.Should().ThrowAsync<ArgumentException>().WithMessage("*owner/name:version*");
        fake.Predictions.Should().BeEmpty();
    }

    [Test]
    public async Task A_schema_fetch_that_fails_is_not_cached()
    {
        await using var fake = Fake();
        using var client = Client(fake);

        var missing = () => client.GetModelSchemaAsync("acme/nothing");
        await missing.Should().ThrowAsync<Replicate.Client.Errors.ReplicateException>();
        await missing.Should().ThrowAsync<Replicate.Client.Errors.ReplicateException>();

        fake.Requests.Should().HaveCount(2, "a failure is forgotten, so the next call asks again");
    }
}
