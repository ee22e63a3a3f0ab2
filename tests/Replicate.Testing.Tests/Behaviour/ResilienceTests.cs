using System.Net;
using System.Text.Json.Nodes;
using Replicate.Client;
using Replicate.Client.Errors;

namespace Replicate.Testing.Tests.Behaviour;

/// <summary>Rate limits and injected faults, answered as Replicate answers them, and what the real client does with them.</summary>
public class ResilienceTests
{
    [Test]
    public async Task A_throttled_request_is_a_429_problem_with_the_delay_in_detail_and_Retry_After()
    {
        await using var fake = new FakeReplicate(new FakeReplicateOptions { RateLimits = FakeRateLimits.LowCredit });
        fake.AddModel("acme", "m");
        using var http = new HttpClient(fake.CreateHandler());
        http.DefaultRequestHeaders.Authorization = new("Bearer", Clients.Token);
        HttpContent Body() => new StringContent("""{"input":{"prompt":"x"}}""", System.Text.Encoding.UTF8, "application/json");

        using var first = await http.PostAsync(new Uri(fake.BaseAddress, "models/acme/m/predictions"), Body());
        using var second = await http.PostAsync(new Uri(fake.BaseAddress, "models/acme/m/predictions"), Body());
        using var other = await http.GetAsync(new Uri(fake.BaseAddress, "account"));

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        second.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "a low-credit account has a burst of one create");
        second.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        second.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(10), "6 creates a minute refill one every 10 s");
        JsonNode.Parse(await second.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>().Should().Contain("~10s");
        other.StatusCode.Should().Be(HttpStatusCode.OK, "other requests have their own budget");
        fake.Predictions.Should().ContainSingle("the throttled create was not processed");
    }

    [Test]
    public async Task The_client_waits_out_a_429_on_the_fakes_clock_and_the_create_then_succeeds()
    {
        await using var fake = new FakeReplicate(new FakeReplicateOptions { RateLimits = FakeRateLimits.LowCredit });
        fake.AddModel("acme", "m");
        using var client = Clients.For(fake);
        await client.RunAsync("acme/m", new { prompt = "first" });
        var before = fake.Time.GetUtcNow();

        var output = await fake.RunUntilCompletedAsync(client.RunAsync("acme/m", new { prompt = "second" }));

        output.AsString().Should().Be("done");
        fake.Predictions.Should().HaveCount(2);
        fake.Requests.Count(r => r.OperationId == "Models_PredictionsCreate").Should().Be(3, "the throttled create was sent again once");
        (fake.Time.GetUtcNow() - before).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(7), "the retry waited for the bucket to refill");
    }

    [Test]
    public async Task Injected_server_errors_on_a_read_are_retried_by_the_client()
    {
        await using var fake = new FakeReplicate();
        fake.AddModel("acme", "m");
        using var client = Clients.For(fake);
        var operation = await client.CreatePredictionAsync("acme/m", new { prompt = "x" });
        fake.AddFault(new FakeFault(FakeFaultKind.ServerError) { OperationId = "Predictions_Get", Count = 2, StatusCode = 503 });

        var prediction = await fake.RunUntilCompletedAsync(client.Predictions.GetAsync(operation.Id));

        prediction.Id.Should().Be(operation.Id);
        fake.Requests.Count(r => r.OperationId == "Predictions_Get").Should().Be(3, "two 503s, then the answer");
    }

    [Test]
    public async Task A_connection_reset_on_a_create_is_not_retried_and_nothing_was_created()
    {
        await using var fake = new FakeReplicate();
        fake.AddModel("acme", "m");
        using var client = Clients.For(fake);
        fake.AddFault(new FakeFault(FakeFaultKind.ConnectionReset) { OperationId = "Models_PredictionsCreate" });

        var create = () => fake.RunUntilCompletedAsync(client.CreatePredictionAsync("acme/m", new { prompt = "x" }));

        await create.Should().ThrowAsync<ReplicateNetworkException>();
        fake.Requests.Count(r => r.OperationId == "Models_PredictionsCreate").Should().Be(1, "a POST is not re-sent after a connection error: it could bill twice");
        fake.Predictions.Should().BeEmpty();
    }

    [Test]
    public async Task A_body_cut_midway_on_a_read_is_retried()
    {
        await using var fake = new FakeReplicate();
        using var client = Clients.For(fake);
        fake.AddFault(new FakeFault(FakeFaultKind.ResetMidBody) { OperationId = "Account_Get" });

        var account = await fake.RunUntilCompletedAsync(client.Account.GetAsync());

        account.Username.Should().Be("test-user");
        fake.Requests.Count(r => r.OperationId == "Account_Get").Should().Be(2);
    }

    [Test]
    public async Task A_slow_body_runs_into_the_clients_network_timeout()
    {
        await using var fake = new FakeReplicate(new FakeReplicateOptions { AutoAdvance = false });
        using var client = Clients.For(fake, o =>
        {
            o.NetworkTimeout = TimeSpan.FromSeconds(5);
            o.Retry.Enabled = false;
        });
        fake.AddFault(new FakeFault(FakeFaultKind.SlowBody) { OperationId = "Account_Get", Delay = TimeSpan.FromSeconds(30) });

        var read = () => fake.RunUntilCompletedAsync(client.Account.GetAsync());

        await read.Should().ThrowAsync<ReplicateTimeoutException>();
    }
}
