using Microsoft.Extensions.Logging;

namespace Replicate.Client.Transport;

/// <summary>Every log line the client writes (source-generated; none carries a header, a body or the token).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Sending {Method} {Path}")]
    public static partial void Sending(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Method} {Path} answered {Status} in {ElapsedMs:0.#} ms")]
    public static partial void Received(ILogger logger, string method, string path, int status, double elapsedMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Method} {Path} failed after {ElapsedMs:0.#} ms: {Error}")]
    public static partial void Failed(ILogger logger, string method, string path, double elapsedMs, string error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Retrying {Method} {Path} after {Reason}: attempt {Attempt} of {MaxAttempts} in {DelaySeconds:0.###} s")]
    public static partial void Retrying(ILogger logger, string method, string path, string reason, int attempt, int maxAttempts, double delaySeconds);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Not retrying {Method} {Path} after {Reason}: the server asks for {DelaySeconds:0.###} s, more than the configured maximum delay")]
    public static partial void RetryDeclined(ILogger logger, string method, string path, string reason, double delaySeconds);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Not sending the API token to {Host}: it is not the API host")]
    public static partial void ForeignHost(ILogger logger, string host);
}
