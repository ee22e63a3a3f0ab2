using Microsoft.AspNetCore.Http;
using Replicate.Client.Waiting;
using Replicate.Testing;

namespace Replicate.Client.Tests.Waiting;

/// <summary>
/// How many requests the default policy makes for a prediction that finishes at t, and how late it notices.
/// The counts are documented in docs/waiting.md; these tests keep that table true.
/// </summary>
public class PollCountTests
{
    // (t seconds, requests when polling from the start, requests with RunAsync's Prefer: wait)
    [TestCase(1, 3, 1)]
    [TestCase(10, 20, 1)]
    [TestCase(60, 43, 1)]
    [TestCase(300, 64, 23)]
    public async Task Default_policy_requests_and_detection_lag(int seconds, int pollingRequests, int runRequests)
    {
        var (polled, pollLag) = await MeasureAsync(seconds, run: false);
        var (ran, runLag) = await MeasureAsync(seconds, run: true);

        TestContext.Out.WriteLine($"t={seconds}s: polling {polled} requests, lag {pollLag.TotalSeconds:0.00}s; run {ran} requests, lag {runLag.TotalSeconds:0.00}s");
        var bound = TimeSpan.FromSeconds(Math.Max(1, seconds * 0.1));
        pollLag.Should().BeLessThanOrEqualTo(bound, "completion is noticed within max(1 s, 10 % of the run time)");
        runLag.Should().BeLessThanOrEqualTo(bound);
        polled.Should().Be(pollingRequests);
        ran.Should().Be(runRequests);
    }

    private static async Task<(int Requests, TimeSpan Lag)> MeasureAsync(int seconds, bool run)
    {
        var time = new FakeTimeProvider();
        var start = time.GetUtcNow();
        var done = start.AddSeconds(seconds);
        var requests = 0;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            Interlocked.Increment(ref requests);
            if (context.Request.Method == "POST")
            {
                // The server holds a Prefer: wait create until the prediction finishes, 60 s at most.
                var hold = TimeSpan.FromSeconds(Math.Min(seconds, 60));
                await Task.Delay(hold, time);
            }

            var status = time.GetUtcNow() >= done ? "succeeded" : "processing";
            context.Response.StatusCode = context.Request.Method == "POST" ? 201 : 200;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(TestClients.Prediction.Replace("\"succeeded\"", $"\"{status}\"", StringComparison.Ordinal));
        });
        using var client = new ReplicateClient(new ReplicateClientOptions { BaseAddress = new Uri(server.BaseAddress, "v1/"), ApiToken = TestClients.Token, TimeProvider = time });

        if (run)
        {
            await client.RunAsync("acme/m", new { });
        }
        else
        {
            await client.GetPredictionOperation("p1").WaitForCompletionAsync();
        }

        return (requests, time.GetUtcNow() - done);
    }
}
