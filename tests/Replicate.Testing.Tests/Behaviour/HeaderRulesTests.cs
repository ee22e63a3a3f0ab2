using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Replicate.Testing.Engine;

namespace Replicate.Testing.Tests.Behaviour;

/// <summary>The request rules the fake applies as Replicate does: Cancel-After durations, Prefer: wait holds, cursors.</summary>
public class HeaderRulesTests
{
    [TestCase("30s", 30)]
    [TestCase("5m", 300)]
    [TestCase("1h30m", 5400)]
    [TestCase("90", 90)]
    [TestCase("2s", 5)]
    [TestCase("1500ms", 5)]
    public void Cancel_After_reads_durations_with_a_five_second_minimum(string header, int seconds)
    {
        FakeApi.CancelAfter(header).Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [TestCase("soon")]
    [TestCase("5x")]
    [TestCase("m5")]
    public void A_malformed_Cancel_After_is_refused(string header)
    {
        FakeApi.CancelAfter(header).Should().BeNull();
    }

    [TestCase("wait=5", 5)]
    [TestCase("wait=99", 60)]
    [TestCase("wait", 60)]
    public async Task Prefer_wait_holds_at_most_sixty_seconds(string prefer, int heldSeconds)
    {
        await using var fake = new FakeReplicate();
        fake.AddModel("acme", "forever", new FakeRunScript { RunTime = TimeSpan.FromHours(1) });
        using var http = new HttpClient(fake.CreateHandler());
        http.DefaultRequestHeaders.Authorization = new("Bearer", "test");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fake.BaseAddress, "models/acme/forever/predictions"))
        {
            Content = new StringContent("""{"input":{}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Prefer", prefer);
        var before = fake.Time.GetUtcNow();

        using var response = await http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        (fake.Time.GetUtcNow() - before).Should().Be(TimeSpan.FromSeconds(heldSeconds));
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!.GetValue<string>().Should().Be("processing", "a hold that runs out returns the prediction as it stands");
    }

    [Test]
    public async Task A_malformed_cursor_reads_as_the_first_page()
    {
        await using var fake = new FakeReplicate();
        using var http = new HttpClient(fake.CreateHandler());
        http.DefaultRequestHeaders.Authorization = new("Bearer", "test");

        using var response = await http.GetAsync(new Uri(fake.BaseAddress, "predictions?cursor=%%%not-base64"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
