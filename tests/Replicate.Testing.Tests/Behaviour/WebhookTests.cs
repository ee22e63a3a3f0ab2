using System.Collections.Concurrent;
using Replicate.Client.Predictions;
using Replicate.Client.Webhooks;
using Replicate.Generated;

namespace Replicate.Testing.Tests.Behaviour;

/// <summary>Webhook deliveries: signed like Replicate's (verified by the client library's verifier), filtered, redelivered.</summary>
public class WebhookTests
{
    [Test]
    public async Task Deliveries_are_Standard_Webhooks_signed_and_verify_with_the_secret_the_API_serves()
    {
        await using var receiver = await LoopbackServer.StartAsync(200, "text/plain", "ok");
        await using var fake = new FakeReplicate();
        fake.AddModel("acme", "m", new FakeRunScript { Logs = ["working"] });
        using var client = Clients.For(fake);
        var hook = new Uri(receiver.BaseAddress, "hooks/replicate");

        await client.CreatePredictionAsync("acme/m", new { prompt = "x" }, new PredictionCreateOptions { Webhook = hook, Wait = TimeSpan.FromSeconds(60) });
        await fake.Webhooks.WhenIdleAsync();

        var secret = (await client.Webhooks.DefaultSecretGetAsync()).Key!;
        secret.Should().StartWith("whsec_");
        var received = receiver.Requests.ToList();
        received.Should().NotBeEmpty().And.HaveCount(fake.Webhooks.Deliveries.Count, string.Join("\n", fake.Webhooks.Deliveries.Select(d => $"{d.EventType} {d.StatusCode} {d.Error}")));
        foreach (var request in received)
        {
            request.PathAndQuery.Should().Be("/hooks/replicate");
            var headers = new WebhookHeaders(request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Headers["webhook-signature"]);
            var delivery = WebhookDelivery.Verify(WebhookSecret.Parse(secret), headers, request.Body, new WebhookVerificationOptions { TimeProvider = fake.Time });
            delivery.ParsePrediction().Id.Should().Be(fake.Predictions.Single().Id);
        }

        fake.Webhooks.Deliveries.Select(d => d.EventType).Should().StartWith("start").And.EndWith("completed");
        WebhookDelivery.Verify(WebhookSecret.Parse(secret), Headers(received[^1]), received[^1].Body, new WebhookVerificationOptions { TimeProvider = fake.Time }).ParsePrediction().Status.Should().Be(PredictionStatus.Succeeded);
    }

    [Test]
    public async Task Only_the_events_in_webhook_events_filter_are_delivered()
    {
        await using var receiver = await LoopbackServer.StartAsync(200, "text/plain", "ok");
        await using var fake = new FakeReplicate();
        fake.AddModel("acme", "m", new FakeRunScript { Logs = ["a", "b", "c"], Outputs = [FakeOutput.FromText("1"), FakeOutput.FromText("2")] });
        using var client = Clients.For(fake);

        await RunWithCompletedWebhookAsync(fake, client, receiver);

        fake.Webhooks.Deliveries.Should().ContainSingle().Which.EventType.Should().Be("completed");
        fake.Predictions.Single().WebhookEventsFilter.Should().Equal("completed");
    }

    [Test]
    public async Task Logs_and_output_events_follow_the_prediction_as_the_clock_moves()
    {
        await using var receiver = await LoopbackServer.StartAsync(200, "text/plain", "ok");
        await using var fake = new FakeReplicate(new FakeReplicateOptions { AutoAdvance = false });
        fake.AddModel("acme", "m", new FakeRunScript { QueueTime = TimeSpan.Zero, RunTime = TimeSpan.FromSeconds(4), Logs = ["a", "b", "c"], Outputs = [FakeOutput.FromText("1"), FakeOutput.FromText("2")] });
        using var client = Clients.For(fake);

        await client.CreatePredictionAsync("acme/m", new { prompt = "x" }, new PredictionCreateOptions
        {
            Webhook = new Uri(receiver.BaseAddress, "hook"),
            WebhookEventsFilter = [WebhookEventType.Logs, WebhookEventType.Output, WebhookEventType.Completed],
        });
        for (var i = 0; i < 8; i++)
        {
            await fake.AdvanceAsync(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        await fake.Webhooks.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var events = fake.Webhooks.Deliveries.Select(d => d.EventType).ToList();
        events.Should().Contain("logs").And.Contain("output").And.NotContain("start");
        events[^1].Should().Be("completed");
        fake.Webhooks.Deliveries.Select(d => d.Id).Should().OnlyHaveUniqueItems("each delivery has its own webhook-id");
    }

    [Test]
    public async Task A_redelivery_carries_the_same_webhook_id_and_body_with_a_fresh_signature()
    {
        await using var receiver = await LoopbackServer.StartAsync(500, "text/plain", "try again");
        await using var fake = new FakeReplicate();
        fake.AddModel("acme", "m");
        using var client = Clients.For(fake);
        await RunWithCompletedWebhookAsync(fake, client, receiver);
        var first = fake.Webhooks.Deliveries.Single();
        first.StatusCode.Should().Be(500);

        await fake.AdvanceAsync(TimeSpan.FromSeconds(30));
        var again = await fake.Webhooks.RedeliverAsync(first);

        again.Id.Should().Be(first.Id, "webhook-id is the receiver's idempotency key");
        again.Body.Should().Be(first.Body);
        again.Timestamp.Should().Be(first.Timestamp + 30);
        var ids = receiver.Requests.Select(r => r.Headers["webhook-id"]).ToList();
        ids.Should().Equal(first.Id, first.Id);
        WebhookVerifier.TryVerify(fake.Webhooks.Secret, Headers(receiver.Requests.Last()), receiver.Requests.Last().Body, out _, new WebhookVerificationOptions { TimeProvider = fake.Time })
            .Should().BeTrue();
    }

    // Runs acme/m to completion with a webhook that asks for the completed event only, and waits for its delivery.
    private static async Task RunWithCompletedWebhookAsync(FakeReplicate fake, Replicate.Client.ReplicateClient client, LoopbackServer receiver)
    {
        await client.CreatePredictionAsync("acme/m", new { prompt = "x" }, new PredictionCreateOptions
        {
            Webhook = new Uri(receiver.BaseAddress, "hook"),
            WebhookEventsFilter = [WebhookEventType.Completed],
            Wait = TimeSpan.FromSeconds(60),
        });
        await fake.Webhooks.WhenIdleAsync();
    }

    private static WebhookHeaders Headers(RecordedRequest request) =>
        new(request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Headers["webhook-signature"]);
}
