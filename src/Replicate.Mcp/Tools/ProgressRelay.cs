using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Replicate.Client.Waiting;

namespace Replicate.Mcp.Tools;

/// <summary>
/// Turns the wait's progress (the model's last tqdm line, <c> 45%|████▌     | 9/20</c>) into <c>notifications/progress</c>
/// when the client sent a progress token: strictly increasing percentages, in order (each notification is sent after the
/// one before it), all of them out before the call's result.
/// </summary>
internal sealed class ProgressRelay(RequestContext<CallToolRequestParams> request) : IProgress<ReplicateProgress>
{
    private readonly ProgressToken? _token = request.Params?.ProgressToken;
    private readonly Lock _gate = new();
    private int _last = -1;
    private Task _sent = Task.CompletedTask;

    public void Report(ReplicateProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_token is not { } token || value.Percent is not { } percent)
        {
            return;
        }

        lock (_gate)
        {
            if (percent <= _last)
            {
                return;
            }

            _last = percent;
            var notification = new ProgressNotificationValue
            {
                Progress = percent,
                Total = 100,
                Message = value.Total is { } total ? $"{value.Status}: {value.Current}/{total}" : value.Status,
            };
            _sent = _sent.ContinueWith(_ => request.Server.NotifyProgressAsync(token, notification), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>Waits for the notifications already queued (a failed one does not fail the call).</summary>
    public async Task DrainAsync()
    {
        Task sent;
        lock (_gate)
        {
            sent = _sent;
        }

        try
        {
            await sent.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException or McpException or ObjectDisposedException)
        {
            // The client went away or the transport closed: the result (if it can still be sent) matters more.
        }
    }
}
