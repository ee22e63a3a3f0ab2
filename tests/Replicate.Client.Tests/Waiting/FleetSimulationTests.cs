using Replicate.Benchmarks.Waiting;

namespace Replicate.Client.Tests.Waiting;

/// <summary>The fleet model behind the benchmark: it matches the real client and meets the targets.</summary>
public class FleetSimulationTests
{
    // The same (t, requests) pairs the real client produces over loopback in PollCountTests.
    [TestCase(1, 1)]
    [TestCase(10, 1)]
    [TestCase(60, 1)]
    [TestCase(300, 23)]
    public void The_model_makes_the_same_requests_as_the_real_client(int seconds, int requests)
    {
        FleetSimulator.RunDefault(TimeSpan.FromSeconds(seconds)).Requests.Should().Be(requests);
    }

    [Test]
    public void The_default_policy_uses_at_most_a_quarter_of_fixed_polling_and_notices_completion_in_time()
    {
        var fleet = FleetSimulator.Fleet();
        var fixedRun = FleetSimulator.Simulate("fixed", fleet, FleetSimulator.RunFixed);
        var defaultRun = FleetSimulator.Simulate("default", fleet, t => FleetSimulator.RunDefault(t));

        fleet.Should().HaveCount(1000);
        fleet[0].Should().Be(TimeSpan.FromSeconds(1));
        fleet[^1].TotalMinutes.Should().BeApproximately(30, 0.001);
        defaultRun.Requests.Should().BeLessThanOrEqualTo(fixedRun.Requests / 4);
        defaultRun.EveryLagWithinBound.Should().BeTrue("every detection lag is under max(1 s, 10 % of the run time)");
    }
}
