using System.Threading.Channels;
using Replicate.Client.Webhooks;

namespace Replicate.Samples.WebhookReceiver;

/// <summary>
/// Does the slow part after the 2xx has been sent: parses the payload and acts on it (here: logs id and status;
/// real receivers would store outputs). Replicate's retries wait on the response, so the work must not.
/// </summary>
internal sealed partial class DeliveryProcessor(ChannelReader<WebhookDelivery> queue, TimeSpan simulatedWork, ILogger<DeliveryProcessor> logger)
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
                        break;
                }
            }
            catch (System.Text.Json.JsonException e)
            {
                Unreadable(logger, delivery.Id, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "processed {Kind} {ObjectId} status {Status} (delivery {DeliveryId})")]
    private static partial void Processed(ILogger logger, string kind, string? objectId, string? status, string deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "delivery {DeliveryId} verified but its payload is unreadable: {Error}")]
    private static partial void Unreadable(ILogger logger, string deliveryId, string error);
}
