using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Replicate.Testing.Engine;

/// <summary>
/// Sends a run's webhook deliveries as its state changes (Standard Webhooks: <c>webhook-id</c>, <c>webhook-timestamp</c>,
/// <c>webhook-signature: v1,base64(HMAC-SHA256(key, id.timestamp.body))</c>), honouring <c>webhook_events_filter</c>.
/// Each run has one loop that wakes when its next change falls due on the fake's clock (it never moves the clock).
/// </summary>
internal sealed class WebhookDispatcher(FakeApi api) : IDisposable
{
    private readonly object _gate = new();
    private readonly List<FakeWebhookDelivery> _deliveries = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Lazy<HttpClient> _http = new(() => new HttpClient(api.Options.WebhookTransport ?? new SocketsHttpHandler(), disposeHandler: api.Options.WebhookTransport is null)
    {
        Timeout = TimeSpan.FromSeconds(30),
    });

    private long _counter;

    public IReadOnlyList<FakeWebhookDelivery> Deliveries
    {
        get
        {
            lock (_gate)
            {
                return [.. _deliveries];
            }
        }
    }

    public void Track(RunState run)
    {
        lock (_gate)
        {
            // The start event describes the run as created, whatever the clock does before the loop gets to run.
            var start = run.ToJson(api, run.CreatedAt).ToJsonString();
            _loops.Add(Task.Run(() => LoopAsync(run, start, _stop.Token)));
        }
    }

    /// <summary>Completes when every run with a webhook has ended and its deliveries were sent.</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll(_loops);
        }
    }

    public Task<FakeWebhookDelivery> RedeliverAsync(FakeWebhookDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return SendAsync(delivery.Id, delivery.EventType, delivery.Url, delivery.Body, cancellationToken);
    }

    private async Task LoopAsync(RunState run, string start, CancellationToken cancellationToken)
    {
        AutoAdvancingClock.DoNotFollowTimersHere();
        var filter = run.WebhookEventsFilter;
        if (filter.Contains("start"))
        {
            await SendAsync(NewId(), "start", run.Webhook!, start, cancellationToken).ConfigureAwait(false);
        }

        var sentLogs = run.LogsAt(run.CreatedAt);
        var sentOutputs = run.OutputItemsAt(run.CreatedAt).Count;
        DateTimeOffset now;
        while (!cancellationToken.IsCancellationRequested)
        {
            now = api.Time.GetUtcNow();
            if (RunState.IsTerminal(run.StatusAt(now)))
            {
                if (filter.Contains("completed"))
                {
                    await DeliverAsync(run, "completed", now, cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            var outputs = run.OutputItemsAt(now).Count;
            if (outputs != sentOutputs && filter.Contains("output"))
            {
                await DeliverAsync(run, "output", now, cancellationToken).ConfigureAwait(false);
            }

            var logs = run.LogsAt(now);
            if (logs != sentLogs && filter.Contains("logs"))
            {
                await DeliverAsync(run, "logs", now, cancellationToken).ConfigureAwait(false);
            }

            (sentOutputs, sentLogs) = (outputs, logs);
            var next = run.NextChangeAfter(now) ?? run.End.At;
            var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnChanged() => wake.TrySetResult();
            run.Changed += OnChanged;
            try
            {
                var delay = next - api.Time.GetUtcNow();
                if (delay > TimeSpan.Zero)
                {
                    await Task.WhenAny(Task.Delay(delay, api.Time, cancellationToken), wake.Task).ConfigureAwait(false);
                }
            }
            finally
            {
                run.Changed -= OnChanged;
            }
        }
    }

    private Task<FakeWebhookDelivery> DeliverAsync(RunState run, string eventType, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var body = run.ToJson(api, now).ToJsonString();
        return SendAsync(NewId(), eventType, run.Webhook!, body, cancellationToken);
    }

    private string NewId() => "msg_" + Ids.Run("webhook", Interlocked.Increment(ref _counter));

    private async Task<FakeWebhookDelivery> SendAsync(string id, string eventType, Uri url, string body, CancellationToken cancellationToken)
    {
        var timestamp = api.Time.GetUtcNow().ToUnixTimeSeconds();
        var signature = "v1," + Sign(api.Options.WebhookSecret, id, timestamp, body);
        int? status = null;
        string? error = null;
        // A connection error is tried once more at once (a pooled connection the receiver closed), with the same id.
        for (var attempt = 0; attempt < 2 && status is null; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add("webhook-id", id);
                request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
                request.Headers.Add("webhook-signature", signature);
                using var response = await _http.Value.SendAsync(request, cancellationToken).ConfigureAwait(false);
                (status, error) = ((int)response.StatusCode, null);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                error = e.Message;
            }
        }

        var delivery = new FakeWebhookDelivery(id, eventType, url, body, timestamp, signature, status, error);
        lock (_gate)
        {
            _deliveries.Add(delivery);
        }

        return delivery;
    }

    /// <summary>base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), the key being the secret after <c>whsec_</c>, base64-decoded.</summary>
    internal static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret);
        return Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }
    }
}
