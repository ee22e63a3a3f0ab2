using System.Threading.Channels;
using Replicate.Client;
using Replicate.Client.Outputs;
using Replicate.Client.Webhooks;
using Replicate.Generated;

namespace Replicate.Samples.WebhookReceiver;

/// <summary>
/// Does the slow part after the 2xx has been sent: parses the payload and acts on it — logs id and status, and, with an
/// output store, saves a succeeded prediction's output files (the <c>completed</c> event) before their URLs expire.
/// Replicate's retries wait on the response, so the work must not.
/// </summary>
internal sealed partial class DeliveryProcessor(ChannelReader<WebhookDelivery> queue, TimeSpan simulatedWork, ILogger<DeliveryProcessor> logger, ReplicateClient? replicate = null, IOutputStore? outputs = null)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var delivery in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                if (simulatedWork > TimeSpan.Zero)
                {
                    await Task.Delay(simulatedWork, stoppingToken);
                }

                switch (delivery.Kind)
                {
                    case WebhookPayloadKind.Training:
                        var training = delivery.ParseTraining();
                        Processed(logger, "training", training.Id, training.Status?.Value, delivery.Id);
                        break;
                    default:
                        var prediction = delivery.ParsePrediction();
                        Processed(logger, "prediction", prediction.Id, prediction.Status.Value, delivery.Id);
                        if (replicate is not null && outputs is not null && prediction.Status == PredictionStatus.Succeeded)
                        {
                            // Named by the prediction id: a redelivery (deduplicated above anyway) would overwrite, not add.
                            var saved = await replicate.SaveOutputsAsync(prediction.Id, prediction, outputs, stoppingToken);
                            Saved(logger, prediction.Id, saved.Count, string.Join(", ", saved.Select(Path.GetFileName)));
                        }

                        break;
                }
            }
            catch (System.Text.Json.JsonException e)
            {
                Unreadable(logger, delivery.Id, e.Message);
            }
            catch (ReplicateOutputSaveException e)
            {
                NotSaved(logger, delivery.Id, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "processed {Kind} {ObjectId} status {Status} (delivery {DeliveryId})")]
    private static partial void Processed(ILogger logger, string kind, string? objectId, string? status, string deliveryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "saved {Count} output file(s) of prediction {ObjectId}: {Files}")]
    private static partial void Saved(ILogger logger, string objectId, int count, string files);

    [LoggerMessage(Level = LogLevel.Warning, Message = "delivery {DeliveryId}: outputs not saved: {Error}")]
    private static partial void NotSaved(ILogger logger, string deliveryId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "delivery {DeliveryId} verified but its payload is unreadable: {Error}")]
    private static partial void Unreadable(ILogger logger, string deliveryId, string error);
}
