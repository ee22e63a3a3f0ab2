using System.Text.Json;
using Replicate.Client.Errors;
using Replicate.Client.Outputs;
using Replicate.Generated;

namespace Replicate.Client;

/// <summary>Keeping prediction outputs before their URLs expire.</summary>
public partial class ReplicateClient
{
    private const int OutputSaveAttempts = 3;

    /// <summary>
    /// Downloads every output file of <paramref name="prediction"/> — each https URL or <c>data:</c> URI anywhere in its
    /// output — and stores it in <paramref name="store"/> under <paramref name="key"/> (<see cref="OutputFile.FileName"/>),
    /// each file tried up to three times (a dropped connection, a 5xx, a store failure) with backoff. An output with no
    /// file (text, numbers) is stored as its JSON, <c>{key}.json</c>. Returns where each was stored, in output order.
    /// Call it right after the prediction succeeds: output URLs expire after about an hour.
    /// </summary>
    /// <exception cref="ReplicateOutputSaveException">A file could not be downloaded or stored; files stored before it stay.</exception>
    public virtual async Task<IReadOnlyList<string>> SaveOutputsAsync(string key, PredictionResponse prediction, IOutputStore store, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(store);
        var files = OutputFiles.Find(prediction.Output);
        var stored = new List<string>(Math.Max(1, files.Count));
        if (files.Count == 0)
        {
            if (prediction.Output.ValueKind == JsonValueKind.Undefined)
            {
                return stored;
            }

            var json = JsonSerializer.SerializeToUtf8Bytes(prediction.Output, ReplicateJsonSerializerContext.Default.JsonElement);
            var value = new OutputFile(key, 0, 1, null, key + ".json", "application/json");
            stored.Add(await SaveWithRetriesAsync(value, prediction.Id, _ => Task.FromResult<Stream>(new MemoryStream(json, writable: false)), store, cancellationToken).ConfigureAwait(false));
            return stored;
        }

        for (var i = 0; i < files.Count; i++)
        {
            var source = files[i];
            var file = new OutputFile(key, i, files.Count, source, OutputFiles.Name(key, i, files.Count, source), OutputFiles.MediaType(source));
            stored.Add(await SaveWithRetriesAsync(file, prediction.Id, ct => OpenOutputAsync(source, ct), store, cancellationToken).ConfigureAwait(false));
        }

        return stored;
    }

    // One file, start to finish per attempt (open, copy into the store): the store's atomic write means a failed
    // attempt leaves nothing behind. The pipeline already retries a failed GET; this also covers a body cut mid-way.
    private async Task<string> SaveWithRetriesAsync(OutputFile file, string predictionId, Func<CancellationToken, Task<Stream>> open, IOutputStore store, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var content = await open(cancellationToken).ConfigureAwait(false);
                await using (content.ConfigureAwait(false))
                {
                    return await store.SaveAsync(file, content, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= OutputSaveAttempts || !OutputFiles.MayPass(e))
                {
                    throw new ReplicateOutputSaveException(file.Key, predictionId, file.Source, attempt, e);
                }

                var delay = Options.Retry.BaseDelay * Math.Pow(2, attempt - 1) * (0.5 + (Options.Retry.Random() / 2));
                await Task.Delay(delay, Options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
