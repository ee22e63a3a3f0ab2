using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Replicate.Client.Errors;
using Replicate.Client.Transport;

namespace Replicate.Client.Retries;

/// <summary>
/// The one retry mechanism of the pipeline: a Polly.Core retry strategy deciding whether and when to try again,
/// around attempts that each have their own network timeout. Kiota's RetryHandler cannot express these rules (it
/// retries only 429/503/504, never connection failures, does not read <c>retry_after</c> from the body, ignores the
/// method, and sleeps on the real clock). The first attempt runs outside the Polly pipeline, which is entered only
/// when that attempt failed in a way that might be retried: a successful call pays for no resilience context.
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    private const int ErrorBodyLimit = 64 * 1024;

    private static readonly ResiliencePropertyKey<Attempts> AttemptsKey = new("replicate.attempts");
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

    private readonly long _maxBody;

    private readonly RateLimitGate? _gate;

    public RetryHandler(ReplicateRetryOptions retry, TimeSpan networkTimeout, TimeProvider time, ILogger logger, long maxBody = 32L * 1024 * 1024, RateLimitGate? gate = null)
    {
        _gate = gate;
        _retry = retry;
        _maxBody = maxBody;
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
            .Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var options = ReplicateRequestOptions.For(request);
        var retries = _retry.Enabled && !options.DisableRetries && _retry.MaxAttempts > 1;
        if (request.Content is not null && retries)
        {
            // Every attempt must send the same bytes: buffer the body once, before the first attempt.
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        var timeout = options.NetworkTimeout ?? _networkTimeout;

        // The first attempt, inline: the common (successful) call allocates nothing for the retry machinery. Its wait
        // for a rate permit counts against neither its network timeout nor the retries' total time.
        Outcome<HttpResponseMessage> first;
        var permit = _gate is null ? null : await _gate.EnterAsync(request, cancellationToken).ConfigureAwait(false);
        var startedAt = _time.GetTimestamp();
        var attempt = RentTimeout(timeout);
        try
        {
            using var link = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), attempt);
            try
            {
                var response = await ReadWithinAttemptAsync(request, await base.SendAsync(request, attempt.Token).ConfigureAwait(false), attempt.Token).ConfigureAwait(false);
                if (permit is not null)
                {
                    await _gate!.ObserveAsync(request, response, attempt.Token).ConfigureAwait(false);
                }

                if (!retries || !MayRetry(response))
                {
                    return response;
                }

                first = Outcome.FromResult(response);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && attempt.IsCancellationRequested)
            {
                first = Outcome.FromException<HttpResponseMessage>(Attempts.TimedOut(timeout, e));
            }
            catch (Exception e) when (retries && e is HttpRequestException or IOException)
            {
                first = Outcome.FromException<HttpResponseMessage>(e);
            }
        }
        finally
        {
            ReturnTimeout(attempt);
            permit?.Dispose();
        }

        if (!retries)
        {
            first.ThrowIfException();
        }

        var attempts = new Attempts(this, request, options, timeout, startedAt);
        attempts.Replay = first;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(AttemptsKey, attempts);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    if (state.Replay is { } replay)
                    {
                        state.Replay = null;
                        return replay;
                    }

                    return await state.SendAsync(ctx.CancellationToken).ConfigureAwait(ctx.ContinueOnCapturedContext);
                },
                context,
                attempts).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    // Attempt timeouts are pooled: a reset source keeps its timer, so a call does not allocate a new one each time.
    private readonly System.Collections.Concurrent.ConcurrentQueue<CancellationTokenSource> _timeouts = new();

    private CancellationTokenSource RentTimeout(TimeSpan timeout)
    {
        if (!_timeouts.TryDequeue(out var source))
        {
            source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        }

        source.CancelAfter(timeout);
        return source;
    }

    private void ReturnTimeout(CancellationTokenSource source)
    {
        if (_timeouts.Count < 64 && source.TryReset())
        {
            _timeouts.Enqueue(source);
        }
        else
        {
            source.Dispose();
        }
    }

    // A cheap first look (no body read): could this response be retried at all?
    private static bool MayRetry(HttpResponseMessage response) => Classify(Outcome.FromResult(response)).Reason is not null;

    private async ValueTask<bool> ShouldRetryAsync(RetryPredicateArguments<HttpResponseMessage> args)
    {
        var context = args.Context;
        var attempts = context.Properties.GetValue(AttemptsKey, null!);
        var request = attempts.Request;
        if (args.AttemptNumber + 1 >= _retry.MaxAttempts || args.Outcome.Exception is OperationCanceledException)
        {
            return false; // out of attempts, or the caller cancelled
        }

        var idempotent = IdempotentMethods.Contains(request.Method.Method) || attempts.Options.RetryNonIdempotent;
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

        if (serverDelay > _retry.MaxServerDelay)
        {
            Log.RetryDeclined(_logger, request.Method.Method, LogPath.Of(request), reason, serverDelay.Value.TotalSeconds);
            return false;
        }

        var delay = serverDelay ?? Backoff(args.AttemptNumber);
        if (_time.GetElapsedTime(attempts.StartedAt) + delay > _retry.MaxTotalTime)
        {
            return false;
        }

        context.Properties.Set(DelayKey, delay);
        context.Properties.Set(ReasonKey, reason);
        return true;
    }

    private ValueTask OnRetry(OnRetryArguments<HttpResponseMessage> args)
    {
        var request = args.Context.Properties.GetValue(AttemptsKey, null!).Request;
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

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await ReadWithinAttemptAsync(request, await base.SendAsync(request, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (_gate is not null)
        {
            await _gate.ObserveAsync(request, response, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    // The body is read inside the attempt, so its timeout and retries cover it (a reset mid-body, a drip that never
    // ends) and its size is bounded: an error body is cut at 64 KiB and the rest discarded unread; a success body
    // larger than MaxResponseBodySize fails. Streams the caller reads (downloads, SSE) are handed over unread.
    // A ValueTask: a small body already in the connection's buffer is read without suspending, so without allocating.
    private async ValueTask<HttpResponseMessage> ReadWithinAttemptAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken attempt)
    {
        var success = response.IsSuccessStatusCode;
        if (success && request.Options.TryGetValue(Generated.GeneratedCore.StreamResponse, out var streams) && streams)
        {
            return response;
        }

        var original = response.Content;
        var limit = success ? _maxBody : ErrorBodyLimit;
        var declared = original.Headers.ContentLength;
        byte[]? buffer = null;
        try
        {
            if (success && declared > limit)
            {
                throw TooLarge(request, response, limit);
            }

            buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((int)Math.Max(256, Math.Min(declared is >= 0 ? declared.Value + 1 : 16 * 1024, limit + 1)));
            var length = 0;
            // The socket handler's content hands over its stream without I/O: no task for it.
            var stream = original.GetType().FullName == "System.Net.Http.HttpConnectionResponseContent"
                ? original.ReadAsStream(attempt)
                : await original.ReadAsStreamAsync(attempt).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (length <= limit)
                {
                    if (length == buffer.Length)
                    {
                        var larger = System.Buffers.ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(length, (int)Math.Min(buffer.Length - length, limit + 1 - length)), attempt).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                }
            }

            if (length > limit)
            {
                if (success)
                {
                    throw TooLarge(request, response, limit);
                }

                length = (int)limit; // an error body: the cut, the rest discarded unread
            }

            response.Content = new BufferedContent(buffer, length, original, keepHeaders: !success || !IsJson(original) || KeepsContentHeaders(request));
            buffer = null;
            original.Dispose();
            return response;
        }
        catch
        {
            if (buffer is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }

            response.Dispose();
            throw;
        }
    }

    private static bool IsJson(HttpContent content) =>
        content.Headers.NonValidated.TryGetValues("Content-Type", out var values)
        && values.Count == 1 && values.ToString().StartsWith("application/json", StringComparison.OrdinalIgnoreCase);

    private static ReplicateResponseException TooLarge(HttpRequestMessage request, HttpResponseMessage response, long limit) =>
        new($"{LogPath.Operation(request)} returned a body larger than {limit} bytes (ReplicateClientOptions.MaxResponseBodySize); it was not read.",
            LogPath.Operation(request),
            (int)response.StatusCode);

    /// <summary>The attempts of one request: each is sent with its own network timeout on the handler's clock.</summary>
    private sealed class Attempts(RetryHandler handler, HttpRequestMessage request, ReplicateRequestOptions options, TimeSpan timeout, long startedAt)
    {
        public HttpRequestMessage Request => request;

        public ReplicateRequestOptions Options => options;

        public long StartedAt => startedAt;

        public static TimeoutRejectedException TimedOut(TimeSpan timeout, Exception inner) =>
            new($"No response within {timeout.TotalSeconds:0.###} s.", timeout, inner);

        /// <summary>The first attempt's outcome, handed to the retry pipeline as its attempt 0.</summary>
        public Outcome<HttpResponseMessage>? Replay { get; set; }

        public async ValueTask<Outcome<HttpResponseMessage>> SendAsync(CancellationToken cancellationToken)
        {
            using var permit = handler._gate is null ? null : await handler._gate.EnterAsync(request, cancellationToken).ConfigureAwait(false);
            using var attempt = new CancellationTokenSource(timeout, handler._time);
            using var link = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), attempt);
            try
            {
                return Outcome.FromResult(await handler.SendOnceAsync(request, attempt.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && attempt.IsCancellationRequested)
            {
                return Outcome.FromException<HttpResponseMessage>(TimedOut(timeout, e));
            }
            catch (Exception e)
            {
                return Outcome.FromException<HttpResponseMessage>(e);
            }
        }
    }

    private static bool KeepsContentHeaders(HttpRequestMessage request) =>
        request.Options.TryGetValue(BufferedContent.KeepContentHeaders, out var keep) && keep;
}
