namespace Replicate.Testing;

/// <summary>
/// How a fake model runs: how long a prediction (or training) stays <c>starting</c>, how long it then processes, the
/// log lines and tqdm progress it prints meanwhile, what it outputs, and whether it fails. Times are on the fake's clock.
/// </summary>
public sealed class FakeRunScript
{
    /// <summary>Time spent <c>starting</c> (queued, booting) before <c>processing</c>; default 1 s.</summary>
    public TimeSpan QueueTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Time spent <c>processing</c> before the run ends; default 2 s.</summary>
    public TimeSpan RunTime { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Log lines printed evenly over <see cref="RunTime"/>.</summary>
    public IReadOnlyList<string> Logs { get; init; } = [];

    /// <summary>When above zero, tqdm progress lines (<c>" 50%|█████     | 5/10 [00:01&lt;00:01]"</c>) printed in this many steps.</summary>
    public int ProgressSteps { get; init; }

    /// <summary>The output items, produced evenly over <see cref="RunTime"/> (the last at the end).</summary>
    public IReadOnlyList<FakeOutput> Outputs { get; init; } = [FakeOutput.FromText("done")];

    /// <summary>
    /// Whether the output is a JSON array of the items (default: when there is more than one item, or the model streams
    /// text, whose output is a list of tokens). A single item otherwise.
    /// </summary>
    public bool? OutputIsList { get; init; }

    /// <summary>When set, the run ends <c>failed</c> with this error instead of succeeding (its logs are kept).</summary>
    public string? Error { get; init; }

    /// <summary>Whether the model streams: its predictions carry <c>urls.stream</c>, an SSE stream of its output.</summary>
    public bool Streams { get; init; }

    /// <summary>The default script: 1 s starting, 2 s processing, output <c>"done"</c>.</summary>
    public static FakeRunScript Default { get; } = new();
}
