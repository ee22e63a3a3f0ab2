using System.Net;
using Replicate.Contracts.Tests.Infrastructure;
using K = Replicate.Kiota.Models;
using Replicate.Client.Predictions;
using Replicate.Client.Waiting;

namespace Replicate.Contracts.Tests.Contracts;

/// <summary>
/// The wire sequence of run-and-wait: a create whose <c>Prefer: wait</c> hold ran out answers 201 with status
/// <c>processing</c>, so the client polls <c>GET /predictions/{id}</c> until a terminal status. Driven through the
/// hand-written layer (<c>CreatePredictionAsync</c> and <c>WaitForCompletionAsync</c>) over the real pipeline.
/// </summary>
public sealed class WaitingContracts(ClientFlavour flavour) : ContractTest(flavour)
{
    [Test]
    public async Task A_create_answered_processing_is_polled_until_it_succeeds()
    {
        PactBuilder.UponReceiving("a request to run a model version whose wait runs out while it is processing")
            .Given("a model version that runs longer than the wait", new Dictionary<string, string> { ["version"] = Examples.VersionId })
            .WithRequest(HttpMethod.Post, "/v1/predictions")
            .AuthorizedJson()
            .WithHeader("Prefer", Match.Regex("wait=1", "^wait(=([1-9]|[1-5][0-9]|60))?$"))
            .WithJsonBody(new { version = Match.Type(Examples.VersionId), input = new { prompt = Match.Type("a cat wearing a hat") } })
            .WillRespond()
            .WithStatus(HttpStatusCode.Created)
            .WithJsonBody(Examples.Prediction("processing"));
        PactBuilder.UponReceiving("a poll of a prediction that has since succeeded")
            .Given("a prediction that was processing has succeeded", new Dictionary<string, string> { ["id"] = Examples.PredictionId })
            .WithRequest("GET", PredictionsContracts.PredictionPath())
            .AuthorizedJson()
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(Examples.Prediction("succeeded"));

        await VerifyAsync(
            async context =>
            {
                // The hand-written layer: a create with Prefer: wait, then WaitForCompletionAsync polls until terminal.
                using var replicate = HandWritten(context);
                var operation = await replicate.CreatePredictionAsync(
                    Examples.VersionId, PredictionsContracts.Prompt, new PredictionCreateOptions { Wait = TimeSpan.FromSeconds(1) });
                operation.Status.ToString().Should().Be("processing", "a 201 is not final until its status is terminal");

                var prediction = await operation.WaitForCompletionAsync(new WaitOptions { MinInterval = TimeSpan.FromMilliseconds(10) });
                prediction.Status.ToString().Should().Be("succeeded");
            },
            async context =>
            {
                // Kiota's way: the create with Prefer: wait, then polls of the prediction by its id until a terminal status.
                using var replicate = Kiota(context);
                var prediction = await replicate.Predictions.PostAsync(
                    new K.VersionPredictionRequest { Version = Examples.VersionId, Input = new K.VersionPredictionRequestInput { AdditionalData = { ["prompt"] = "a cat wearing a hat" } } },
                    c => c.Headers.Add("Prefer", "wait=1"));
                prediction!.Status.Should().Be("processing", "a 201 is not final until its status is terminal");
                for (var polls = 0; polls < 10 && prediction!.Status is "starting" or "processing"; polls++)
                {
                    await Task.Delay(10);
                    prediction = await replicate.Predictions[prediction.Id!].GetAsync();
                }

                prediction!.Status.Should().Be("succeeded");
            });
    }
}
