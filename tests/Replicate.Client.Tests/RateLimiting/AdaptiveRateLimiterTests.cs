using System.Threading.RateLimiting;
using Replicate.Client.RateLimiting;
using Replicate.Testing;

namespace Replicate.Client.Tests.RateLimiting;

/// <summary>The default limiter on a clock moved by hand: bursts, pacing, the two budgets, 429s, queues.</summary>
public class AdaptiveRateLimiterTests
{
    private static FakeTimeProvider Clock() => new() { AutoAdvanceBelow = TimeSpan.Zero };

    [Test]
    public async Task A_burst_goes_at_once_then_requests_are_paced_at_the_limit()
    {
        var time = Clock();
        using var limiter = new AdaptiveRateLimiter(new ReplicateRateLimitOptions { CreatesPerMinute = 60, CreateBurst = 3 }, time);

        var burst = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => limiter.AcquireAsync(ReplicateRequestKind.Create).AsTask()));
        var fourth = limiter.AcquireAsync(ReplicateRequestKind.Create).AsTask();
        time.Advance(TimeSpan.FromSeconds(0.9));
        var earlyDone = fourth.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(0.1));
        await Task.Delay(10);

        burst.Should().OnlyContain(l => l.IsAcquired, "a burst of three is allowed after a quiet spell");
        earlyDone.Should().BeFalse("60 a minute is one a second");
        fourth.IsCompleted.Should().BeTrue("one second later the next token is there");
        (await fourth).IsAcquired.Should().BeTrue();
    }

    [Test]
    public async Task Creates_and_other_requests_have_budgets_of_their_own()
    {
        var time = Clock();
        using var limiter = new AdaptiveRateLimiter(new ReplicateRateLimitOptions { CreatesPerMinute = 60, CreateBurst = 1 }, time);
        (await limiter.AcquireAsync(ReplicateRequestKind.Create)).IsAcquired.Should().BeTrue();

        var create = limiter.AcquireAsync(ReplicateRequestKind.Create).AsTask();
        var polls = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => limiter.AcquireAsync(ReplicateRequestKind.Other).AsTask()));

        create.IsCompleted.Should().BeFalse("the create budget is spent");
        polls.Should().OnlyContain(l => l.IsAcquired, "polls draw on the other budget (3000 a minute, a burst of 50)");
        limiter.CurrentOthersPerMinute.Should().Be(3000);
    }

    [Test]
    public async Task A_429_holds_the_budget_for_the_servers_delay_slows_it_and_it_climbs_back_when_429s_stop()
    {
        var time = Clock();
        using var limiter = new AdaptiveRateLimiter(new ReplicateRateLimitOptions { CreatesPerMinute = 600 }, time);
        (await limiter.AcquireAsync(ReplicateRequestKind.Create)).IsAcquired.Should().BeTrue();

        limiter.OnThrottled(ReplicateRequestKind.Create, TimeSpan.FromSeconds(5));
        var next = limiter.AcquireAsync(ReplicateRequestKind.Create).AsTask();
        var other = limiter.AcquireAsync(ReplicateRequestKind.Other).AsTask();
        time.Advance(TimeSpan.FromSeconds(4.9));
        var waitedOut = !next.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(0.1));
        await Task.Delay(10);
        var slowed = limiter.CurrentCreatesPerMinute;
        time.Advance(TimeSpan.FromMinutes(30));
        var recovered = limiter.CurrentCreatesPerMinute;

        other.IsCompleted.Should().BeTrue("a 429 on a create says nothing about the other budget");
        waitedOut.Should().BeTrue("no create goes before the 5 s the server asked for");
        next.IsCompleted.Should().BeTrue("the create the server asked to retry goes when the delay ends");
        slowed.Should().BeLessThan(600 * 0.8, "a 429 lowers the rate");
        recovered.Should().Be(600, "with no more 429s the rate climbs back to the limit");
    }

    [Test]
    public async Task A_full_queue_refuses_with_the_wait_and_a_canceled_waiter_leaves_the_queue()
    {
        var time = Clock();
        using var limiter = new AdaptiveRateLimiter(new ReplicateRateLimitOptions { CreatesPerMinute = 60, CreateBurst = 1, QueueLimit = 1 }, time);
        (await limiter.AcquireAsync(ReplicateRequestKind.Create)).IsAcquired.Should().BeTrue();
        using var cancel = new CancellationTokenSource();

        var waiting = limiter.AcquireAsync(ReplicateRequestKind.Create, cancel.Token).AsTask();
        var refused = await limiter.AcquireAsync(ReplicateRequestKind.Create);
        cancel.Cancel();
        var afterCancel = limiter.AcquireAsync(ReplicateRequestKind.Create).AsTask();
        time.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(10);

        refused.IsAcquired.Should().BeFalse("the queue holds one waiter at most");
        refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter).Should().BeTrue();
        retryAfter.Should().BeCloseTo(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(1));
        await FluentActions.Awaiting(() => waiting).Should().ThrowAsync<OperationCanceledException>();
        (await afterCancel).IsAcquired.Should().BeTrue("the canceled waiter gave its place up");
    }

    [Test]
    public void Settings_out_of_range_are_refused_with_the_reason()
    {
        FluentActions.Invoking(() => new ReplicateRateLimitOptions { CreatesPerMinute = 0 }).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*positive*");
        FluentActions.Invoking(() => new ReplicateRateLimitOptions { DecreaseFactor = 1 }).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*between 0 and 1*");
        FluentActions.Invoking(() => new ReplicateRateLimitOptions { ProbeRate = 0 }).Should().Throw<ArgumentOutOfRangeException>();
        new ReplicateRateLimitOptions().Should().Match<ReplicateRateLimitOptions>(o => o.CreatesPerMinute == 600 && o.OthersPerMinute == 3000 && o.CreateBurst == 10 && o.OtherBurst == 50);
    }
}
