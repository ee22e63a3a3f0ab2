using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace Replicate.Mcp.Tests;

/// <summary>Collects progress reports as they arrive (synchronously, in order: <see cref="Progress{T}"/> would post them to the thread pool).</summary>
internal sealed class Collected<T> : IProgress<T>
{
    private readonly List<T> _items = [];

    public IReadOnlyList<T> Items
    {
        get
        {
            lock (_items)
            {
                return [.. _items];
            }
        }
    }

    public void Report(T value)
    {
        lock (_items)
        {
            _items.Add(value);
        }
    }
}

/// <summary>Moves the fake's clock forward in the background (the server polls on real time; predictions progress on the fake's).</summary>
internal sealed class ClockDriver : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private ClockDriver(FakeReplicate fake, TimeSpan step, TimeSpan every) =>
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                await fake.AdvanceAsync(step);
                try
                {
                    await Task.Delay(every, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });

    public static ClockDriver Start(FakeReplicate fake, TimeSpan step, TimeSpan? every = null) => new(fake, step, every ?? TimeSpan.FromMilliseconds(25));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}

internal static class ResultText
{
    /// <summary>All the text of a result.</summary>
    public static string Text(this CallToolResult result) => string.Join("\n", result.Content.OfType<TextContentBlock>().Select(c => c.Text));

    public static JsonElement Structured(this CallToolResult result) =>
        result.StructuredContent ?? throw new AssertionException($"the result has no structured content: {result.Text()}");

    /// <summary>Waits (at most <paramref name="limit"/>) for a condition another process or thread makes true.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan? limit = null)
    {
        var end = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(15));
        while (!condition())
        {
            if (DateTime.UtcNow > end)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}
