using System.Net;

namespace Replicate.Testing.Tests.Behaviour;

/// <summary>What load tests of the fake lean on: the status each request got, and a clock that jumps in coarser steps.</summary>
public class LoadTestSupportTests
{
    [Test]
    public async Task Each_recorded_request_carries_the_status_the_fake_answered_with()
    {
        await using var fake = new FakeReplicate(new FakeReplicateOptions { RateLimits = FakeRateLimits.LowCredit });
        fake.AddModel("acme", "m");
        using var http = new HttpClient(fake.CreateHandler());
        http.DefaultRequestHeaders.Authorization = new("Bearer", Clients.Token);
        HttpContent Body() => new StringContent("""{"input":{}}""", System.Text.Encoding.UTF8, "application/json");

        using var created = await http.PostAsync(new Uri(fake.BaseAddress, "models/acme/m/predictions"), Body());
        using var throttled = await http.PostAsync(new Uri(fake.BaseAddress, "models/acme/m/predictions"), Body());
        using var missing = await http.GetAsync(new Uri(fake.BaseAddress, "predictions/nope"));

        throttled.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        fake.Requests.Select(r => r.StatusCode).Should().Equal([201, 429, 404], "a test counts what was throttled from the record");
    }

    [Test]
    public async Task With_a_resolution_timers_due_close_together_fire_in_one_jump_never_early_and_at_most_that_late()
    {
        await using var fake = new FakeReplicate(new FakeReplicateOptions { AutoAdvanceResolution = TimeSpan.FromMilliseconds(50) });
        var start = fake.Time.GetUtcNow();

        var first = Task.Delay(TimeSpan.FromSeconds(1), fake.Time);
        var second = Task.Delay(TimeSpan.FromSeconds(1.03), fake.Time);
        await first;
        var whenFirstFired = fake.Time.GetUtcNow() - start;
        await second;
        await Task.Delay(50);

        whenFirstFired.Should().Be(TimeSpan.FromSeconds(1.05), "one jump, to the first timer plus the resolution, fired both");
        second.IsCompleted.Should().BeTrue();
        (fake.Time.GetUtcNow() - start).Should().Be(TimeSpan.FromSeconds(1.05), "no timer is left, so the clock stays where the jump left it");
        FluentActions.Invoking(() => new FakeReplicateOptions { AutoAdvanceResolution = TimeSpan.FromSeconds(1) }).Should().Throw<ArgumentOutOfRangeException>();
    }
}
