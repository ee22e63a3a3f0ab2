using System.Net;
using System.Text;
using Replicate.Client.Webhooks;
using Replicate.Testing;

namespace Replicate.Client.Tests.Webhooks;

/// <summary>The sample receiver, driven over real loopback HTTP as Replicate would drive it.</summary>
public class WebhookReceiverSampleTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task The_sample_verifies_deduplicates_and_answers_before_the_work_is_done()
    {
        using var receiver = await SampleReceiverProcess.StartAsync(new Dictionary<string, string>
        {
            ["REPLICATE_WEBHOOK_SECRET"] = StandardVector.Secret,
            ["WEBHOOK_RECEIVER_SIMULATED_WORK_MS"] = "2000",
        });
        using var http = new HttpClient { BaseAddress = receiver.BaseAddress };
        var run = Guid.NewGuid().ToString("N");
        var predictionId = $"msg_{run}_prediction";
        var prediction = Payloads.Bytes(Payloads.Prediction);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var accepted = await PostAsync(http, predictionId, now, prediction);
        var processedTooEarly = receiver.Output.Any(l => l.Contains("processed", StringComparison.Ordinal));
        var redelivered = await PostAsync(http, predictionId, now + 5, prediction);
        var tampered = await PostAsync(http, $"msg_{run}_tampered", now, prediction, tamper: true);
        var unsigned = await PostAsync(http, $"msg_{run}_unsigned", now, prediction, sign: false);
        var replayed = await PostAsync(http, $"msg_{run}_replayed", now - 301, prediction);
        var training = await PostAsync(http, $"msg_{run}_training", now, Payloads.Bytes(Payloads.Training));

        accepted.Should().Be((HttpStatusCode.Accepted, "accepted"));
        processedTooEarly.Should().BeFalse("the 2xx goes out before the (2 s) processing, not after it");
        redelivered.Should().Be((HttpStatusCode.OK, "duplicate"), "a redelivery carries the same webhook-id and must be acknowledged, not processed again");
        tampered.Should().Be((HttpStatusCode.BadRequest, "no_matching_signature"));
        unsigned.Should().Be((HttpStatusCode.BadRequest, "missing_header"));
        replayed.Should().Be((HttpStatusCode.BadRequest, "timestamp_too_old"));
        training.Should().Be((HttpStatusCode.Accepted, "accepted"));

        // One reader processes in arrival order: once the training is done, any second prediction would be too.
        await receiver.WaitForLineAsync(l => l.Contains($"processed training zz4ibbonubfz7carwiefibzgga status processing (delivery msg_{run}_training)", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        receiver.Output.Where(l => l.Contains("processed prediction", StringComparison.Ordinal)).Should().ContainSingle()
            .Which.Should().Contain($"processed prediction q3d8mrxwsxrgm0cj7f2rh5rn0c status succeeded (delivery {predictionId})");
        receiver.Output.Should().NotContain(l => l.Contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", StringComparison.Ordinal), "the secret is never logged");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task The_sample_saves_a_succeeded_predictions_output_files_on_completed()
    {
        var png = new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 7, 7 };
        await using var delivery = await LoopbackServer.StartAsync(context => context.Response.Body.WriteAsync(png).AsTask());
        var folder = Directory.CreateTempSubdirectory("replicate-receiver-").FullName;
        try
        {
            using var receiver = await SampleReceiverProcess.StartAsync(new Dictionary<string, string>
            {
                ["REPLICATE_WEBHOOK_SECRET"] = StandardVector.Secret,
                ["WEBHOOK_RECEIVER_OUTPUT_FOLDER"] = folder,
            });
            using var http = new HttpClient { BaseAddress = receiver.BaseAddress };
            var body = Encoding.UTF8.GetBytes(Payloads.Prediction.Replace(
                "\"output\":\"hello Alice\"", $"\"output\":[\"{delivery.BaseAddress}outputs/out.png?sig=abc\",\"data:text/plain;base64,aGk=\"]", StringComparison.Ordinal));

            var accepted = await PostAsync(http, $"msg_{Guid.NewGuid():N}", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body);
            await receiver.WaitForLineAsync(l => l.Contains("saved 2 output file(s) of prediction q3d8mrxwsxrgm0cj7f2rh5rn0c", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

            accepted.Should().Be((HttpStatusCode.Accepted, "accepted"));
            File.ReadAllBytes(Path.Combine(folder, "q3d8mrxwsxrgm0cj7f2rh5rn0c-0.png")).Should().Equal(png, "the https output is downloaded");
            File.ReadAllText(Path.Combine(folder, "q3d8mrxwsxrgm0cj7f2rh5rn0c-1.txt")).Should().Be("hi", "a data: URI output is decoded");
            Directory.GetFiles(folder).Should().HaveCount(2, "nothing half-written is left beside them");
            delivery.Requests.Should().ContainSingle().Which.Headers.Should().NotContainKey("Authorization", "output URLs never get a token");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(HttpStatusCode, string)> PostAsync(HttpClient http, string id, long timestamp, byte[] body, bool tamper = false, bool sign = true)
    {
        var headers = WebhookSigner.CreateHeaders(StandardVector.ParsedSecret, id, timestamp, body);
        var sent = tamper ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("succeeded", "failed", StringComparison.Ordinal)) : body;
        using var request = new HttpRequestMessage(HttpMethod.Post, "webhooks/replicate") { Content = new ByteArrayContent(sent) };
        request.Content.Headers.ContentType = new("application/json");

        // Header names in the case a proxy might leave them: the receiver must not care.
        request.Headers.TryAddWithoutValidation("Webhook-Id", headers.Id);
        request.Headers.TryAddWithoutValidation("WEBHOOK-TIMESTAMP", headers.Timestamp);
        if (sign)
        {
            request.Headers.TryAddWithoutValidation("webhook-Signature", headers.Signature);
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
