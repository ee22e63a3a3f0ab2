using System.Net;
using System.Text.Json;
using Replicate.Contracts.Tests.Infrastructure;
using K = Replicate.Kiota.Models;
using Replicate.Generated;

namespace Replicate.Contracts.Tests.Contracts;

/// <summary>
/// Errors as the API answers them: problem details bodies, and the delay of a throttled request. (The 401 and 404
/// live with the account and files contracts.) The retry itself belongs to the hand-written transport; its contract
/// reuses the 429 interaction below.
/// </summary>
public sealed class ErrorContracts(ClientFlavour flavour) : ContractTest(flavour)
{
    [Test]
    public async Task Input_the_model_rejects_is_a_422_problem_naming_the_field()
    {
        PactBuilder.UponReceiving("a request to run a model version with input of the wrong type")
            .Given("a model version exists", new Dictionary<string, string> { ["version"] = Examples.VersionId })
            .WithRequest(HttpMethod.Post, "/v1/predictions")
            .AuthorizedJson()
            .WithJsonBody(new { version = Match.Type(Examples.VersionId), input = new { prompt = 42 } })
            .WillRespond()
            .WithStatus(HttpStatusCode.UnprocessableEntity)
            .WithJsonBody(
                new
                {
                    title = Match.Type("Input validation failed"),
                    detail = Match.Type("- input.prompt: Invalid type. Expected: string, given: integer"),
                    status = 422,
                    invalid_fields = Match.MinType(
                        new { type = Match.Type("invalid_type"), field = Match.Type("input.prompt"), description = Match.Type("Invalid type. Expected: string, given: integer") },
                        1),
                },
                Expect.Problem);

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var call = () => new PredictionsClient(http).CreateAsync(
                    new VersionPredictionRequest { Version = Examples.VersionId, Input = JsonDocument.Parse("""{"prompt":42}""").RootElement });
                var error = (await call.Should().ThrowAsync<ApiException>()).Which;
                error.StatusCode.Should().Be(422);
                error.Response.Should().Contain("input.prompt", "the problem names the field at fault");
            },
            async context =>
            {
                using var replicate = Kiota(context);
                var call = () => replicate.Predictions.PostAsync(
                    new K.VersionPredictionRequest { Version = Examples.VersionId, Input = new K.VersionPredictionRequestInput { AdditionalData = { ["prompt"] = 42 } } });
                var error = (await call.Should().ThrowAsync<Replicate.Client.Errors.ReplicateApiException>()).Which;
                error.StatusCode.Should().Be(422);
                error.Operation.Should().Be("POST /v1/predictions");
                error.RawBody.Should().Contain("input.prompt", "the problem names the field at fault");
            });
    }

    [Test]
    public async Task A_throttled_request_is_a_429_with_Retry_After()
    {
        PactBuilder.UponReceiving("a request for a prediction while the account is throttled")
            .Given("the account has exceeded its rate limit")
            .WithRequest("GET", PredictionsContracts.PredictionPath())
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.TooManyRequests)
            .WithHeader("Retry-After", Match.Regex("5", "^[0-9]+$"))
            .WithJsonBody(Examples.Problem(429, "Request was throttled", "Request was throttled. Expected available in 5 seconds."), Expect.Problem);

        await VerifyAsync(
            async context =>
            {
                using var http = Api(context);
                var call = () => new PredictionsClient(http).GetAsync(Examples.PredictionId);
                var error = (await call.Should().ThrowAsync<ApiException>()).Which;
                error.StatusCode.Should().Be(429);
                error.Headers["Retry-After"].Should().ContainSingle().Which.Should().Be("5", "the server's delay reaches the caller");
            },
            async context =>
            {
                // The engine answers this request 429 every time: retried, the pipeline would wait the server's delay again and again.
                using var replicate = Kiota(context, retries: false);
                var call = () => replicate.Predictions[Examples.PredictionId].GetAsync();
                var error = (await call.Should().ThrowAsync<Replicate.Client.Errors.ReplicateRateLimitException>()).Which;
                error.StatusCode.Should().Be(429);
                error.RetryAfter.Should().Be(TimeSpan.FromSeconds(5), "the server's delay reaches the caller");
            });
    }
}
