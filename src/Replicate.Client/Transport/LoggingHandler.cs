using Microsoft.Extensions.Logging;

namespace Replicate.Client.Transport;

/// <summary>Logs each attempt: method, path (no query), status and time. Never headers, bodies or the token.</summary>
internal sealed class LoggingHandler(ILogger logger, TimeProvider time) : DelegatingHandler
{
    // Not async when logging is off: no state machine on the hot path.
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        logger.IsEnabled(LogLevel.Debug) || logger.IsEnabled(LogLevel.Information)
            ? SendLoggedAsync(request, cancellationToken)
            : base.SendAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> SendLoggedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = LogPath.Of(request);
        Log.Sending(logger, request.Method.Method, path);
        var started = time.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            Log.Received(logger, request.Method.Method, path, (int)response.StatusCode, time.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.Failed(logger, request.Method.Method, path, time.GetElapsedTime(started).TotalMilliseconds, Describe(e));
            throw;
        }
    }

    private static string Describe(Exception e) => e is OperationCanceledException ? "timed out" : $"{e.GetType().Name}: {e.Message}";
}
