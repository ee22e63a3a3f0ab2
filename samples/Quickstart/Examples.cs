// region:usings
using System.Text.Json;                           // JsonElement: an input as JSON
using Microsoft.Extensions.DependencyInjection;   // ServiceCollection, AddReplicateClient
using Replicate.Client;                           // ReplicateClient, paging (ListAllAsync) and run/wait
using Replicate.Client.Errors;                    // ReplicateApiException and friends
using Replicate.Client.ModelSchemas;              // ModelSchema, ReplicateInputValidationException
using Replicate.Client.Predictions;               // PredictionCreateOptions
using Replicate.Client.Waiting;                   // WaitOptions, ReplicateProgress, operation exceptions
using Replicate.Generated;                        // the API's types: PredictionResponse, PredictionStatus, ...
// endregion
using Replicate.Models;                           // pinned models (the Replicate.Models package): PinnedModels, FluxSchnellInput
using Replicate.Kiota;                            // the Kiota flavour (the Replicate.Kiota package): ReplicateKiotaClient
using Replicate.Client.Batches;                   // BatchItem, BatchOptions, BatchProgress, FileBatchJournal
using Replicate.Client.Outputs;                   // FolderOutputStore

namespace Quickstart;

/// <summary>
/// The README's examples. Each region is one README code block; the consumer smoke test runs these methods against
/// the packages over loopback, so the README shows code that compiles and works.
/// </summary>
public static class Examples
{
    /// <summary>Runs an image model and saves every output file in <paramref name="outputFolder"/>.</summary>
    public static async Task<IReadOnlyList<string>> RunModelAsync(ReplicateClient replicate, string prompt, string outputFolder, CancellationToken cancellationToken = default)
    {
        // region:run-model
        var saved = new List<string>();
        var output = await replicate.RunAsync("black-forest-labs/flux-schnell", new { prompt }, cancellationToken: cancellationToken);
        foreach (var url in output.AsUris())
        {
            await using var image = await replicate.OpenOutputAsync(url, cancellationToken);   // https URL or data: URI
            var path = Path.Combine(outputFolder, Path.GetFileName(url.LocalPath));
            await using var file = File.Create(path);
            await image.CopyToAsync(file, cancellationToken);
            saved.Add(path);
        }
        // endregion
        return saved;
    }

    /// <summary>Runs one prediction per prompt, as fast as the account's limits allow, resumable, every output kept; returns the failures.</summary>
    public static async Task<IReadOnlyList<string>> RunManyAsync(ReplicateClient replicate, IReadOnlyList<string> prompts, string outputFolder, CancellationToken cancellationToken = default)
    {
        // region:run-many
        var items = prompts.Select((prompt, i) => new BatchItem($"prompt-{i}", "black-forest-labs/flux-schnell", JsonSerializer.SerializeToElement(new { prompt })));
        using var journal = new FileBatchJournal(Path.Combine(outputFolder, "batch.journal"));   // run again after a crash: nothing is created twice
        var options = new BatchOptions
        {
            MaxConcurrency = 32,
            Journal = journal,
            OutputStore = new FolderOutputStore(outputFolder),   // prompt-0.webp, prompt-1.webp, ... saved before the URLs expire
            Progress = new Progress<BatchProgress>(p => Console.WriteLine($"{p.Succeeded} done, {p.Running} running, {p.Failed} failed")),
        };
        var failed = new List<string>();
        await foreach (var result in replicate.RunBatchAsync(items, options, cancellationToken))   // as they complete
        {
            if (!result.Succeeded)
            {
                failed.Add($"{result.Key}: {result.Error!.Message}");   // one failure never stops the others
            }
        }
        // endregion
        return failed;
    }

    /// <summary>Creates a prediction and waits for it, reporting progress, with a time limit.</summary>
    public static async Task<PredictionResponse> WaitWithProgressAsync(ReplicateClient replicate, Uri imageUrl, CancellationToken cancellationToken = default)
    {
        // region:wait-with-progress
        var operation = await replicate.CreatePredictionAsync("nightmareai/real-esrgan", new { image = imageUrl, scale = 4 }, cancellationToken: cancellationToken);
        var prediction = await operation.WaitForCompletionAsync(
            new WaitOptions { Timeout = TimeSpan.FromMinutes(10), CancelRemotelyOnCancellation = true },
            new Progress<ReplicateProgress>(p => Console.WriteLine($"{p.Status} {p.Percent}%")),
            cancellationToken);
        Console.WriteLine($"{prediction.Id}: {prediction.Status}");
        // endregion
        return prediction;
    }

    /// <summary>Checks an input against the model's schema, then creates with validation on; returns every error found.</summary>
    public static async Task<IReadOnlyList<string>> ValidateInputAsync(ReplicateClient replicate, JsonElement input, CancellationToken cancellationToken = default)
    {
        // region:validate-input
        var schema = await replicate.GetModelSchemaAsync("black-forest-labs/flux-schnell", cancellationToken);
        foreach (var error in schema.Validate(input))
        {
            Console.WriteLine(error);   // field, rule, detail: "/num_outputs: maximum: 5 > 4"
        }

        // Or check every create before it is sent (ReplicateClientOptions.ValidateInputs for all of them):
        try
        {
            await replicate.CreatePredictionAsync("black-forest-labs/flux-schnell", input, new PredictionCreateOptions { ValidateInput = true }, cancellationToken);
        }
        catch (ReplicateInputValidationException e)   // nothing was sent; e.Errors has every error
        {
            return [.. e.Errors.Select(error => $"{error.Field} {error.Rule}")];
        }
        // endregion
        return [];
    }

    /// <summary>Runs a pinned model with a typed input; the output is typed too.</summary>
    public static async Task<IReadOnlyList<Uri>> RunPinnedModelAsync(ReplicateClient replicate, string prompt, CancellationToken cancellationToken = default)
    {
        // region:typed-run
        IReadOnlyList<Uri> images = await replicate.RunAsync(PinnedModels.FluxSchnell, new FluxSchnellInput
        {
            Prompt = prompt,                                  // required: leaving it out does not compile
            AspectRatio = FluxSchnellAspectRatio.Ratio16By9,  // the model's own choices, as an extensible enum
            NumOutputs = 2,                                   // 1 to 4, checked against the pinned schema before sending
        }, cancellationToken: cancellationToken);
        // endregion
        return images;
    }

    /// <summary>Lists predictions across pages, then shows one page and its continuation token.</summary>
    public static async Task<IReadOnlyList<string>> ListPredictionsAsync(ReplicateClient replicate, CancellationToken cancellationToken = default)
    {
        // region:paging
        var ids = new List<string>();
        await foreach (var prediction in replicate.Predictions.ListAllAsync().WithCancellation(cancellationToken))
        {
            ids.Add(prediction.Id);
        }

        // Page by page, to resume later from a page's continuation token.
        await foreach (var page in replicate.Predictions.ListAllAsync().AsPages(continuationToken: null, cancellationToken))
        {
            Console.WriteLine($"{page.Items.Count} predictions; the next page: {page.ContinuationToken ?? "none"}");
        }
        // endregion
        return ids;
    }

    /// <summary>Streams a language model's output as it is produced.</summary>
    public static async Task StreamAsync(ReplicateClient replicate, string prompt, CancellationToken cancellationToken = default)
    {
        // region:stream
        var operation = await replicate.CreatePredictionAsync("meta/meta-llama-3-8b-instruct", new { prompt }, cancellationToken: cancellationToken);
        await foreach (var token in replicate.StreamTextAsync(operation.Value!, cancellationToken))
        {
            Console.Write(token);
        }
        // endregion
    }

    /// <summary>Uploads a local file and passes its URL to a model.</summary>
    public static async Task<Uri> UploadAndRunAsync(ReplicateClient replicate, string path, CancellationToken cancellationToken = default)
    {
        // region:upload
        var file = await replicate.UploadFileAsync(path, "image/png", cancellationToken: cancellationToken);
        var output = await replicate.RunAsync("nightmareai/real-esrgan", new { image = file.Urls.Get }, cancellationToken: cancellationToken);
        var upscaled = output.AsUris()[0];
        // endregion
        return upscaled;
    }

    /// <summary>What the library throws, and what each exception carries.</summary>
    public static async Task<string> DescribeFailureAsync(ReplicateClient replicate, string predictionId, CancellationToken cancellationToken = default)
    {
        // region:errors
        try
        {
            var prediction = await replicate.GetPredictionOperation(predictionId).WaitForCompletionAsync(cancellationToken: cancellationToken);
            return $"succeeded: {prediction.Output}";
        }
        catch (ReplicateOperationFailedException e)      // the prediction ran and failed; e.Prediction has it all
        {
            return $"failed: {e.Error}";
        }
        catch (ReplicateRateLimitException e)            // 429 after the retries; the server's delay, when it sent one
        {
            return $"rate limited, retry after {e.RetryAfter}";
        }
        catch (ReplicateApiException e)                  // any other non-success response, problem details parsed
        {
            return $"{e.StatusCode} {e.Title}: {e.Detail} (request {e.RequestId})";
        }
        catch (ReplicateNetworkException e)              // no response at all (ReplicateTimeoutException: it took too long)
        {
            return $"network: {e.Message}";
        }
        // endregion
    }

    /// <summary>Retry settings for a client, and one call sent exactly once.</summary>
    public static async Task CancelOnceAsync(string apiToken, Uri baseAddress, string predictionId, CancellationToken cancellationToken = default)
    {
        // region:retries
        var options = new ReplicateClientOptions { ApiToken = apiToken, BaseAddress = baseAddress };   // the API root: https://api.replicate.com/v1/ unless set
        options.Retry.MaxAttempts = 6;                          // the first attempt included (default 4)
        options.Retry.MaxTotalTime = TimeSpan.FromMinutes(2);   // no retry starts later than this
        using var replicate = new ReplicateClient(options);

        // Per call, for everything sent in this async flow until disposed:
        using (ReplicateRequestOptions.Apply(new ReplicateRequestOptions { DisableRetries = true }))
        {
            var canceled = await replicate.Predictions.CancelAsync(predictionId, cancellationToken);
            Console.WriteLine($"{canceled.Id}: {canceled.Status}");
        }
        // endregion
    }

    /// <summary>The generated clients alone, over an <see cref="HttpClient"/> the caller configures.</summary>
    public static async Task<string> GetWithGeneratedClientAsync(string apiToken, Uri baseAddress, string predictionId, CancellationToken cancellationToken = default)
    {
        // region:generated-client
        using var http = new HttpClient { BaseAddress = baseAddress };   // https://api.replicate.com/v1/ (mind the final slash)
        http.DefaultRequestHeaders.Authorization = new("Bearer", apiToken);
        var predictions = new PredictionsClient(http);
        var prediction = await predictions.GetAsync(predictionId, cancellationToken);
        // endregion
        return prediction.Status.Value;
    }

    /// <summary>The Kiota flavour: a prediction and a search through fluent request builders, over the same pipeline.</summary>
    public static async Task<string> GetWithKiotaClientAsync(string apiToken, Uri baseAddress, string predictionId, CancellationToken cancellationToken = default)
    {
        // region:kiota-client
        using var replicate = ReplicateKiotaClient.Create(new ReplicateClientOptions { ApiToken = apiToken, BaseAddress = baseAddress });
        var prediction = await replicate.Predictions[predictionId].GetAsync(cancellationToken: cancellationToken);
        Console.WriteLine($"{prediction!.Id}: {prediction.Status}");   // a status string: values added upstream read as they come

        var found = await replicate.Models.QueryAsync("upscale faces", cancellationToken: cancellationToken);   // HTTP QUERY /v1/models
        foreach (var model in found!.Results!)
        {
            Console.WriteLine($"{model.Owner}/{model.Name}");
        }
        // endregion
        return prediction.Status!;
    }

    /// <summary>Registers the client with a service collection and resolves it.</summary>
    public static string ResolveFromServices(string apiToken, Uri baseAddress)
    {
        // region:dependency-injection
        var services = new ServiceCollection();
        services.AddReplicateClient(options =>
        {
            options.ApiToken = apiToken;
            options.BaseAddress = baseAddress;          // the API root: https://api.replicate.com/v1/ unless set
            options.ApplicationId = "my-service/1.0";   // appended to the user agent
        });
        using var provider = services.BuildServiceProvider();
        var replicate = provider.GetRequiredService<ReplicateClient>();
        // endregion
        return replicate.Options.ApplicationId!;
    }

    /// <summary>Code under test that reads a prediction, tested with a substitute client (see <see cref="Mocking"/>).</summary>
    public static async Task<string> DescribeAsync(ReplicateClient replicate, string predictionId, CancellationToken cancellationToken = default)
    {
        var prediction = await replicate.Predictions.GetAsync(predictionId, cancellationToken);
        return prediction.Status == PredictionStatus.Succeeded ? $"{prediction.Id}: {prediction.Output}" : $"{prediction.Id}: {prediction.Status}";
    }
}

/// <summary>A test double for <see cref="Examples.DescribeAsync"/>: nothing is sent anywhere.</summary>
public static class Mocking
{
    // region:mocking
    public sealed class StubReplicateClient : ReplicateClient
    {
        public StubReplicateClient()
            : base(new ReplicateClientOptions { ApiToken = "test" })   // no request is made: the members used are overridden
        {
        }

        public override PredictionsClient Predictions { get; } = new FakePredictions();
    }

    public sealed class FakePredictions : PredictionsClient
    {
        public override Task<PredictionResponse> GetAsync(string predictionId, CancellationToken cancellationToken = default) =>
            Task.FromResult(new PredictionResponse
            {
                Id = predictionId,
                Status = PredictionStatus.Succeeded,
                Output = ReplicateModelFactory.PredictionResponse("""{"output": "a cat"}""").Output,
            });
    }
    // endregion
}
