using System.Collections.Concurrent;

namespace Replicate.Samples.WebhookReceiver;

/// <summary>
/// Remembers recent <c>webhook-id</c>s. Replicate redelivers an event with the same id (and a fresh timestamp and
/// signature) until it gets a 2xx, so the id, not the signature, is what identifies a duplicate.
/// </summary>
internal sealed class DeliveryDeduplicator(TimeProvider clock, TimeSpan retention)
{
    private const int SweepEvery = 1024;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private int _added;

    /// <summary>Records the id; false when it was already seen within the retention period.</summary>
    public bool TryRecord(string id)
    {
        var now = clock.GetUtcNow();
        if (Interlocked.Increment(ref _added) % SweepEvery == 0)
        {
            foreach (var (key, seenAt) in _seen)
            {
                if (now - seenAt > retention)
                {
                    _seen.TryRemove(KeyValuePair.Create(key, seenAt));
                }
            }
        }

        while (true)
        {
            if (_seen.TryAdd(id, now))
            {
                return true;
            }

            if (!_seen.TryGetValue(id, out var seenAt))
            {
                continue;
            }

            if (now - seenAt <= retention)
            {
                return false;
            }

            if (_seen.TryUpdate(id, now, seenAt))
            {
                return true;
            }
        }
    }

    /// <summary>Forgets an id whose delivery could not be queued, so the redelivery is processed.</summary>
    public void Forget(string id) => _seen.TryRemove(id, out _);
}
