using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Replicate.Client.Errors;
using Replicate.Client.Waiting;
using Replicate.Generated;

namespace Replicate.Client.Batches;

/// <summary>
/// Runs one batch: reads items as slots free up (at most <see cref="BatchOptions.MaxConcurrency"/> in flight), creates
/// each through the client's ordinary create (so the rate limiter paces creates and polls alike), records the id in the
/// journal, waits with the ordinary <see cref="ReplicateOperation{T}.WaitForCompletionAsync"/>, saves the outputs, and
/// hands each result to the reader as it completes.
/// </summary>
internal sealed class BatchRunner
{
    private readonly ReplicateClient _client;
    private readonly BatchOptions _options;
    private readonly WaitOptions _wait;
    private readonly object _gate = new();
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private CancellationTokenSource? _stop;

    // Set by an item that failed with ContinueOnError off, before its slot is released: the producer then starts nothing
    // more (the reader stops the batch once it has yielded that result; until then a freed slot must stay empty).
    private volatile bool _stopAfterFailure;
    private int _creating;
    private int _running;
    private int _storing;
    private int _succeeded;
    private int _failed;
    private int _canceled;

    public BatchRunner(ReplicateClient client, BatchOptions options)
    {
        _client = client;
        _options = options;
        _wait = (options.Wait ?? WaitOptions.Default) with { CancelRemotelyOnCancellation = options.CancelRemoteOnCancellation };
    }

    private enum State
    {
        None,
        Creating,
        Running,
        Storing,
        Succeeded,
        Failed,
        Canceled,
    }

    public async IAsyncEnumerable<BatchResult> RunAsync(IAsyncEnumerable<BatchItem> items, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _stop = stop;
        var journal = _options.Journal is { } j ? await j.LoadAsync(cancellationToken).ConfigureAwait(false) : null;
        var results = Channel.CreateBounded<BatchResult>(new BoundedChannelOptions(_options.MaxConcurrency) { SingleReader = true });
        var producer = ProduceAsync(items, journal, results.Writer, stop.Token);
        try
        {
            await foreach (var result in results.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return result;
                if (!result.Succeeded && !_options.ContinueOnError && result.Error is { } error)
                {
                    throw new ReplicateBatchStoppedException(result.Key, error);
                }
            }

            await producer.ConfigureAwait(false);
        }
        finally
        {
            // Done, stopped, canceled or abandoned: nothing more starts, and what is in flight stops being waited for
            // (canceled remotely when asked). The producer's own failure (a journal error, the items' enumerator) surfaces.
            if (!producer.IsCompleted)
            {
                stop.Cancel();
            }

            try
            {
                await producer.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The stop above, or the caller's cancellation, which the reader already rethrows.
            }
        }
    }

    private async Task ProduceAsync(IAsyncEnumerable<BatchItem> items, IReadOnlyDictionary<string, BatchJournalEntry>? journal, ChannelWriter<BatchResult> results, CancellationToken stop)
    {
        using var slots = new SemaphoreSlim(_options.MaxConcurrency);
        var running = new List<Task>();
        Exception? failure = null;
        try
        {
            await foreach (var item in items.WithCancellation(stop).ConfigureAwait(false))
            {
                ArgumentNullException.ThrowIfNull(item, nameof(items));
                await slots.WaitAsync(stop).ConfigureAwait(false);
                if (_stopAfterFailure)
                {
                    slots.Release();
                    break;
                }

                running.RemoveAll(t => t.IsCompleted);
                running.Add(RunItemAsync(item, journal, results, slots, stop));
            }
        }
        catch (Exception e)
        {
            failure = e;
        }

        try
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch (Exception e) when (failure is null)
        {
            failure = e;
        }

        results.TryComplete(failure is OperationCanceledException ? null : failure);
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    private async Task RunItemAsync(BatchItem item, IReadOnlyDictionary<string, BatchJournalEntry>? journal, ChannelWriter<BatchResult> results, SemaphoreSlim slots, CancellationToken stop)
    {
        try
        {
            await Task.Yield(); // the producer goes on reading items while this one runs
            var result = await RunOneAsync(item, journal, stop).ConfigureAwait(false);
            if (result is { Succeeded: false } && !_options.ContinueOnError)
            {
                _stopAfterFailure = true;
            }

            if (result is not null)
            {
                await results.WriteAsync(result, stop).ConfigureAwait(false);
            }
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task<BatchResult?> RunOneAsync(BatchItem item, IReadOnlyDictionary<string, BatchJournalEntry>? journal, CancellationToken stop)
    {
        lock (_gate)
        {
            if (!_keys.Add(item.Key))
            {
                _failed++;
                Report();
                return new BatchResult(item.Key, null, new ReplicateBatchItemException(item.Key, $"The batch has two items with the key '{item.Key}'; the second was not run."), [], resumed: false);
            }
        }

        var state = Move(State.None, State.Creating);
        PredictionOperation? operation = null;
        BatchJournalEntry? recorded = null;
        var resumed = journal?.TryGetValue(item.Key, out recorded) == true;
        try
        {
            if (recorded is not null)
            {
                operation = _client.GetPredictionOperation(recorded.PredictionId);
            }
            else
            {
                operation = await CreateAsync(item, stop).ConfigureAwait(false);
                if (_options.Journal is { } log)
                {
                    // Before anything else: from here on a crash, a cancellation or a failed wait must not lose the id.
                    await log.RecordCreatedAsync(item.Key, operation.Id, CancellationToken.None).ConfigureAwait(false);
                }
            }

            state = Move(state, State.Running);
            var prediction = await operation.WaitForCompletionAsync(_wait, progress: null, stop).ConfigureAwait(false);
            IReadOnlyList<string> stored = [];
            if (_options.OutputStore is { } store && recorded?.Completed != true)
            {
                state = Move(state, State.Storing);
                stored = await _client.SaveOutputsAsync(item.Key, prediction, store, stop).ConfigureAwait(false);
            }

            if (_options.Journal is { } done && recorded?.Completed != true)
            {
                await done.RecordCompletedAsync(item.Key, prediction.Id, CancellationToken.None).ConfigureAwait(false);
            }

            Move(state, State.Succeeded);
            return new BatchResult(item.Key, prediction, null, stored, resumed);
        }
        catch (ReplicateJournalException)
        {
            Move(state, State.Failed);
            _stop?.Cancel(); // the batch cannot go on unrecorded
            throw;
        }
        catch (ReplicateException e)
        {
            Move(state, e is ReplicateOperationCanceledException or ReplicateOperationAbortedException ? State.Canceled : State.Failed);
            return new BatchResult(item.Key, (e as ReplicateOperationException)?.Prediction ?? operation?.Value, e, [], resumed);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Move(state, State.None);
            return null;
        }
    }

    // A create answered 429 was not processed: once the pipeline's own retries are spent, the batch sends it again
    // (the rate limiter, slowed by those 429s, paces it), a few times, rather than failing an item the server never saw.
    private async Task<PredictionOperation> CreateAsync(BatchItem item, CancellationToken stop)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Stopping abandons a create still waiting for its rate permit, but not one already sent: its answer
                // (the id) must reach the journal, or a later run would create it again.
                stop.ThrowIfCancellationRequested();
                using (ReplicateRequestOptions.Apply((ReplicateRequestOptions.Current ?? ReplicateRequestOptions.Default) with { CancelWhileQueued = stop }))
                {
                    return await item.CreateAsync(_client, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (ReplicateRateLimitException) when (attempt < CreateAttemptsAfter429)
            {
            }
        }
    }

    private const int CreateAttemptsAfter429 = 5;

    private State Move(State from, State to)
    {
        lock (_gate)
        {
            Count(from, -1);
            Count(to, +1);
            Report();
        }

        return to;
    }

    private void Count(State state, int by)
    {
        switch (state)
        {
            case State.Creating: _creating += by; break;
            case State.Running: _running += by; break;
            case State.Storing: _storing += by; break;
            case State.Succeeded: _succeeded += by; break;
            case State.Failed: _failed += by; break;
            case State.Canceled: _canceled += by; break;
        }
    }

    private void Report() => _options.Progress?.Report(new BatchProgress
    {
        Creating = _creating,
        Running = _running,
        Storing = _storing,
        Succeeded = _succeeded,
        Failed = _failed,
        Canceled = _canceled,
    });
}
