using System.Text.Json;
using Replicate.Client.Batches;
using Replicate.Testing;

namespace Replicate.Client.Tests.Batches;

/// <summary>A fake account with models that run 1 to 30 s and output one PNG each, and the real client aimed at it.</summary>
internal static class BatchFakes
{
    /// <summary>The bytes every model outputs, with the run's own id in them so a mixed-up file is caught.</summary>
    public static byte[] Png(int seconds) => [0x89, (byte)'P', (byte)'N', (byte)'G', (byte)seconds, 1, 2, 3];

    /// <summary>Models <c>acme/run-1</c> … <c>acme/run-30</c>: 1 s starting, then <c>n − 1</c> s processing, one PNG.</summary>
    public static FakeReplicate Account(FakeRateLimits? limits = null)
    {
        var fake = new FakeReplicate(new FakeReplicateOptions { RateLimits = limits ?? FakeRateLimits.Default, AutoAdvanceResolution = TimeSpan.FromMilliseconds(50) });
        for (var seconds = 1; seconds <= 30; seconds++)
        {
            fake.AddModel("acme", $"run-{seconds}", new FakeRunScript
            {
                QueueTime = TimeSpan.FromSeconds(Math.Min(1, seconds) / 2.0),
                RunTime = TimeSpan.FromSeconds(seconds - (Math.Min(1, seconds) / 2.0)),
                Outputs = [FakeOutput.FromFile("out.png", Png(seconds), "image/png")],
            });
        }

        return fake;
    }

    public static ReplicateClient Client(FakeReplicate fake, Action<ReplicateClientOptions>? configure = null) =>
        Replicate.Testing.Tests.Behaviour.Clients.For(fake, configure);

    /// <summary><paramref name="count"/> items, each on a model of 1–30 s drawn with a fixed seed; the key says which.</summary>
    public static List<BatchItem> Items(int count, int seed = 16)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var seconds = random.Next(1, 31);
            return new BatchItem($"item-{i:D4}-{seconds}s", $"acme/run-{seconds}", JsonSerializer.SerializeToElement(new { index = i }));
        })];
    }

    /// <summary>The run time a key of <see cref="Items"/> names.</summary>
    public static int SecondsOf(string key) => int.Parse(key.Split('-')[2].TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture);
}
