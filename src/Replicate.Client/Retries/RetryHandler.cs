using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Replicate.Client.Errors;
using Replicate.Client.Transport;

namespace Replicate.Client.Retries;

/// <summary>
/// The one retry mechanism of the pipeline, built on Polly.Core: a retry strategy around a per-attempt timeout.
/// Kiota's RetryHandler cannot express these rules (it retries only 429/503/504, never connection failures, does
/// not read <c>retry_after</c> from the body, ignores the method, and sleeps on the real clock).
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    private const int ErrorBodyLimit = 64 * 1024;

    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("replicate.request");
    private static readonly ResiliencePropertyKey<ReplicateRequestOptions> OptionsKey = new("replicate.options");
    private static readonly ResiliencePropertyKey<long> StartedKey = new("replicate.started");
    private static readonly ResiliencePropertyKey<TimeSpan> DelayKey = new("replicate.delay");
    private static readonly ResiliencePropertyKey<string> ReasonKey = new("replicate.reason");

    private static readonly HashSet<string> IdempotentMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        "GET", "HEAD", "OPTIONS", "DELETE", "QUERY",
    };

    private readonly ReplicateRetryOptions _retry;
    private readonly TimeSpan _networkTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public RetryHandler(ReplicateRetryOptions retry, TimeSpan networkTimeout, TimeProvider time, ILogger logger)
    {
        _retry = retry;
        _networkTimeout = networkTimeout;
        _time = time;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(1, retry.MaxAttempts - 1),
                ShouldHandle = ShouldRetryAsync,
                DelayGenerator = static args => new ValueTask<TimeSpan?>(args.Context.Properties.GetValue(DelayKey, TimeSpan.Zero)),
                OnRetry = OnRetry,
            })
            .AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = args => new ValueTask<TimeSpan>(
                    args.Context.Properties.GetValue(OptionsKey, ReplicateRequestOptions.Default).NetworkTimeout ?? _networkTimeout),
            })
            .Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var options = ReplicateRequestOptions.For(request);
        if (request.Content is not null && _retry.Enabled && !options.DisableRetries)
        {
            // Every attempt must send the same bytes: buffer the body once, before the first attempt.
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        context.Properties.Set(OptionsKey, options);
        context.Properties.Set(StartedKey, _time.GetTimestamp());
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        var response = await state.Handler.SendOnceAsync(state.Request, ctx.CancellationToken).ConfigureAwait(ctx.ContinueOnCapturedContext);
                        return Outcome.FromResult(response);
                    }
                    catch (Exception e)
                    {
                        return Outcome.FromException<HttpResponseMessage>(e);
                    }
                },
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    private async ValueTask<bool> ShouldRetryAsync(RetryPredicateArguments<HttpResponseMessage> args)
    {
        var context = args.Context;
        var options = context.Properties.GetValue(OptionsKey, ReplicateRequestOptions.Default);
        var request = context.Properties.GetValue(RequestKey, null!);
        if (!_retry.Enabled || options.DisableRetries || args.AttemptNumber + 1 >= _retry.MaxAttempts)
        {
            return false;
        }

        if (args.Outcome.Exception is OperationCanceledException)
        {
            return false; // the caller cancelled
        }

        var idempotent = IdempotentMethods.Contains(request.Method.Method) || options.RetryNonIdempotent;
        var (reason, response) = Classify(args.Outcome);
        if (reason is null || (!idempotent && response?.StatusCode != HttpStatusCode.TooManyRequests))
        {
            return false;
        }

        TimeSpan? serverDelay = null;
        if (response is not null)
        {
            var body = await ServerDelay.ReadBodyAsync(response, ErrorBodyLimit, context.CancellationToken).ConfigureAwait(false);
            serverDelay = ServerDelay.From(response, ErrorBody.Parse(body), _time);
        }

        if (serverDelay > _retry.MaxDelay)
        {
            Log.RetryDeclined(_logger, request.Method.Method, LogPath.Of(request), reason, serverDelay.Value.TotalSeconds);
            return false;
        }

        var delay = serverDelay ?? Backoff(args.AttemptNumber);
        var elapsed = _time.GetElapsedTime(context.Properties.GetValue(StartedKey, 0L));
        if (elapsed + delay > _retry.MaxTotalTime)
        {
            return false;
        }

        context.Properties.Set(DelayKey, delay);
        context.Properties.Set(ReasonKey, reason);
        return true;
    }

    private ValueTask OnRetry(OnRetryArguments<HttpResponseMessage> args)
    {
        var request = args.Context.Properties.GetValue(RequestKey, null!);
        Log.Retrying(
            _logger,
            request.Method.Method,
            LogPath.Of(request),
            args.Context.Properties.GetValue(ReasonKey, "unknown"),
            args.AttemptNumber + 2,
            _retry.MaxAttempts,
            args.RetryDelay.TotalSeconds);
        return ValueTask.CompletedTask;
    }

    // Exponential backoff with jitter: BaseDelay·2^n, scaled by a random factor in [0.5, 1.0), capped at MaxDelay.
    private TimeSpan Backoff(int attempt)
    {
        var exponential = _retry.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt);
        var capped = Math.Min(exponential, _retry.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (_retry.Random() / 2)));
    }

    private static (string? Reason, HttpResponseMessage? Response) Classify(Outcome<HttpResponseMessage> outcome)
    {
        switch (outcome.Exception)
        {
            case TimeoutRejectedException:
                return ("timeout", null);
            case HttpRequestException e:
                return ($"connection failure ({e.HttpRequestError})", null);
            case IOException:
                return ("connection failure (I/O)", null);
            case null:
                break;
            default:
                return (null, null);
        }

        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        return status is 408 or 429 || (status >= 500 && status != 501)
            ? ($"{status} {response.ReasonPhrase}".TrimEnd(), response)
            : (null, response);
    }
}
