using Replicate.Client.Errors;
using Replicate.Generated;
namespace Replicate.Client.Waiting;

/// <summary>
/// A long-running prediction or training: its latest state, a refresh, a cancel, and a wait that polls while — and
/// only while — the status is <c>starting</c> or <c>processing</c>. Any other status ends the wait, including
/// statuses invented after this client was written.
/// </summary>
/// <typeparam name="T">The API object (<see cref="Generated.PredictionResponse"/> or <see cref="Generated.TrainingResponse"/>).</typeparam>
public abstract class ReplicateOperation<T>
    where T : class
{
    private readonly TimeProvider _time;
    private readonly long _startedAt;
    private T? _value;

    /// <summary>
    /// Creates an operation for <paramref name="id"/>, optionally with a state already known. Poll intervals grow with
    /// the time since <paramref name="startedAt"/> (a <see cref="TimeProvider"/> timestamp taken when the create was
    /// sent), else since now.
    /// </summary>
    private protected ReplicateOperation(string id, T? value, TimeProvider time, long? startedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
        _value = value;
        _time = time;
        _startedAt = startedAt ?? time.GetTimestamp();
    }

    /// <summary>The id.</summary>
    public string Id { get; }

    /// <summary>The latest state fetched (null for an operation rehydrated from an id until the first update).</summary>
    public T? Value => Volatile.Read(ref _value);

    /// <summary>The latest status as the server sent it (null before the first update).</summary>
    public PredictionStatus? Status => Value is { } value ? StatusOf(value) : (PredictionStatus?)null;

    /// <summary>Whether the latest status is final (anything but <c>starting</c> and <c>processing</c>).</summary>
    public bool HasCompleted => Status is { } status && !IsRunning(status);

    /// <summary>Whether the latest status is <c>succeeded</c>.</summary>
    public bool HasSucceeded => Status == PredictionStatus.Succeeded;

    /// <summary>"prediction" or "training".</summary>
    private protected abstract string Kind { get; }

    /// <summary>Fetches the current state.</summary>
    public async Task<T> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        var value = await FetchAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _value, value);
        return value;
    }

    /// <summary>Asks the server to cancel; returns (and keeps) the state it answers with.</summary>
    public async Task<T> CancelAsync(CancellationToken cancellationToken = default)
    {
        var value = await CancelCoreAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _value, value);
        return value;
    }

    /// <summary>
    /// Polls until the status is final and returns the final state when it is <c>succeeded</c>. Otherwise throws:
    /// <see cref="ReplicateOperationFailedException"/>, <see cref="ReplicateOperationCanceledException"/>,
    /// <see cref="ReplicateOperationAbortedException"/>, <see cref="ReplicateOperationStatusException"/> (a status
    /// this client does not know), <see cref="ReplicateWaitTimeoutException"/> (<see cref="WaitOptions.Timeout"/>),
    /// or <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires — after cancelling
    /// on the server first when <see cref="WaitOptions.CancelRemotelyOnCancellation"/> is set.
    /// </summary>
    public async Task<T> WaitForCompletionAsync(WaitOptions? options = null, IProgress<ReplicateProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= WaitOptions.Default;
        using var timeout = options.Timeout is { } limit ? new CancellationTokenSource(limit, _time) : null;
        using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var token = linked?.Token ?? cancellationToken;
        ReplicateProgress? reported = null;
        try
        {
            var failures = 0;
            var value = Value;
            while (value is null)
            {
                (value, failures) = await PollAsync(options, failures, token).ConfigureAwait(false);
                if (value is null)
                {
                    await Task.Delay(options.NextInterval(_time.GetElapsedTime(_startedAt)), _time, token).ConfigureAwait(false);
                }
            }

            while (true)
            {
                var status = StatusOf(value);
                var now = ReplicateProgress.From(Text(status), LogsOf(value));
                if (progress is not null && now != reported)
                {
                    progress.Report(now);
                    reported = now;
                }

                if (!IsRunning(status))
                {
                    return Complete(value);
                }

                await Task.Delay(options.NextInterval(_time.GetElapsedTime(_startedAt)), _time, token).ConfigureAwait(false);
                (var polled, failures) = await PollAsync(options, failures, token).ConfigureAwait(false);
                value = polled ?? value;
            }
        }
        catch (OperationCanceledException) when (timeout?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
        {
            throw new ReplicateWaitTimeoutException(Kind, Id, Status?.Value, options.Timeout!.Value);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && options.CancelRemotelyOnCancellation)
        {
            await TryCancelRemotelyAsync().ConfigureAwait(false);
            throw;
        }
    }

    // One poll of a wait. A failure that may pass (no response, a timeout, a 5xx or 429 after the pipeline's retries)
    // costs this poll only: the wait polls again at its next interval, until too many fail in a row.
    private async Task<(T? Value, int Failures)> PollAsync(WaitOptions options, int failures, CancellationToken token)
    {
        try
        {
            return (await UpdateStatusAsync(token).ConfigureAwait(false), 0);
        }
        catch (ReplicateException e) when (e is ReplicateNetworkException or ReplicateTimeoutException or ReplicateResponseException
            || (e is ReplicateApiException api && (api.StatusCode >= 500 || api.StatusCode == 429)))
        {
            if (failures + 1 >= options.MaxConsecutivePollFailures)
            {
                throw new ReplicateWaitInterruptedException(Kind, Id, failures + 1, e);
            }

            return (null, failures + 1);
        }
    }

    /// <summary>Whether a status means "keep polling". Only these two do; everything else is final.</summary>
    public static bool IsRunning(PredictionStatus? status) => status == PredictionStatus.Starting || status == PredictionStatus.Processing;

    private protected abstract PredictionStatus StatusOf(T value);

    private protected abstract string? LogsOf(T value);

    private protected abstract string? ErrorOf(T value);

    private protected abstract Task<T> FetchAsync(CancellationToken cancellationToken);

    private protected abstract Task<T> CancelCoreAsync(CancellationToken cancellationToken);

    private T Complete(T value)
    {
        var status = Text(StatusOf(value));
        return status switch
        {
            "succeeded" => value,
            "failed" => throw new ReplicateOperationFailedException(Kind, Id, status, ErrorOf(value), LogsOf(value), value as PredictionResponse, value as TrainingResponse),
            "canceled" => throw new ReplicateOperationCanceledException(Kind, Id, status, ErrorOf(value), LogsOf(value), value as PredictionResponse, value as TrainingResponse),
            "aborted" => throw new ReplicateOperationAbortedException(Kind, Id, status, ErrorOf(value), LogsOf(value), value as PredictionResponse, value as TrainingResponse),
            _ => throw new ReplicateOperationStatusException(Kind, Id, status, ErrorOf(value), LogsOf(value), value as PredictionResponse, value as TrainingResponse),
        };
    }

    private static string Text(PredictionStatus status) => status.Value is { Length: > 0 } text ? text : "unknown";

    // The caller's token is already cancelled: the remote cancel gets its own short deadline.
    private async Task TryCancelRemotelyAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30), _time);
        try
        {
            await CancelAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Errors.ReplicateException or OperationCanceledException)
        {
            // Best effort: the caller asked to stop waiting; their cancellation is what surfaces.
        }
    }
}
