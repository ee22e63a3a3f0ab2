using Replicate.Client.Waiting;

namespace Replicate.Benchmarks.Waiting;

/// <summary>
/// A discrete-event model of a fleet of predictions, each run the way <c>ReplicateClient.RunAsync</c> runs one:
/// a create the server holds (<c>Prefer: wait</c>, up to 60 s, answered early when the prediction finishes), then
/// polls spaced by the client's own <see cref="WaitOptions.NextInterval"/>. Compared with fixed 0.5 s polling (a
/// create without hold, then a GET every 0.5 s). The per-prediction request counts of this model are checked against
/// the real client over loopback HTTP in PollCountTests, so the model cannot drift from the code.
/// </summary>
public static class FleetSimulator
{
    /// <summary>Outcome of one policy over the fleet.</summary>
    public sealed record Result(string Policy, int Predictions, long Requests, TimeSpan MaxLag, double MaxLagShareOfRunTime, bool EveryLagWithinBound);

    /// <summary>Completion times spread log-uniformly from 1 s to 30 min.</summary>
    public static IReadOnlyList<TimeSpan> Fleet(int count = 1000) =>
        [.. Enumerable.Range(0, count).Select(i => TimeSpan.FromSeconds(Math.Exp(Math.Log(1) + ((Math.Log(1800) - Math.Log(1)) * i / (count - 1)))))];

    /// <summary>Requests and detection lag for one prediction finishing at <paramref name="completesAt"/>, with the default policy.</summary>
    public static (int Requests, TimeSpan Lag) RunDefault(TimeSpan completesAt, WaitOptions? options = null)
    {
        options ??= WaitOptions.Default;
        var hold = TimeSpan.FromSeconds(60);
        var now = completesAt < hold ? completesAt : hold;
        var requests = 1;
        while (now < completesAt)
        {
            now += options.NextInterval(now);
            requests++;
        }

        return (requests, now - completesAt);
    }

    /// <summary>Requests and detection lag with fixed 0.5 s polling after a create without hold.</summary>
    public static (int Requests, TimeSpan Lag) RunFixed(TimeSpan completesAt)
    {
        var interval = TimeSpan.FromSeconds(0.5);
        var now = TimeSpan.Zero;
        var requests = 1;
        while (now < completesAt)
        {
            now += interval;
            requests++;
        }

        return (requests, now - completesAt);
    }

    /// <summary>Runs the whole fleet under one policy.</summary>
    public static Result Simulate(string policy, IReadOnlyList<TimeSpan> fleet, Func<TimeSpan, (int Requests, TimeSpan Lag)> run)
    {
        long requests = 0;
        var maxLag = TimeSpan.Zero;
        var maxShare = 0.0;
        var within = true;
        foreach (var completesAt in fleet)
        {
            var (count, lag) = run(completesAt);
            requests += count;
            maxLag = lag > maxLag ? lag : maxLag;
            maxShare = Math.Max(maxShare, lag / completesAt);
            within &= lag <= TimeSpan.FromSeconds(Math.Max(1, completesAt.TotalSeconds * 0.1));
        }

        return new Result(policy, fleet.Count, requests, maxLag, maxShare, within);
    }
}
