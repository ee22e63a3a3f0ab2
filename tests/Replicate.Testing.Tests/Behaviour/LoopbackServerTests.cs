using System.Net.Http.Headers;
using Replicate.Client;

namespace Replicate.Testing.Tests.Behaviour;

/// <summary>The fake on a real socket (Kestrel on 127.0.0.1): the same state and behaviour over HTTP.</summary>
public class LoopbackServerTests
{
    [Test]
    public async Task The_server_listens_on_loopback_and_serves_the_client_over_sockets()
    {
        await using var fake = new FakeReplicate();
        var baseAddress = await fake.StartServerAsync();
        fake.AddModel("acme", "painter", new FakeRunScript { Outputs = [FakeOutput.FromFile("cat.png", new byte[] { 9, 8, 7 }, "image/png")] });
        using var client = new ReplicateClient(new ReplicateClientOptions { BaseAddress = baseAddress, ApiToken = Clients.Token, TimeProvider = fake.Time });

        var output = await client.RunAsync("acme/painter", new { prompt = "a cat" });
        await using var image = await client.OpenOutputAsync(output.AsUris().Single());
        using var bytes = new MemoryStream();
        await image.CopyToAsync(bytes);

        baseAddress.Host.Should().Be("127.0.0.1");
        baseAddress.AbsolutePath.Should().Be("/v1/");
        bytes.ToArray().Should().Equal(9, 8, 7);
        fake.Requests.Should().Contain(r => r.OperationId == "Models_PredictionsCreate" && r.Header("Authorization") == "Bearer " + Clients.Token);
    }

    [Test]
    public async Task Streams_and_QUERY_work_over_the_socket()
    {
        await using var fake = new FakeReplicate();
        var baseAddress = await fake.StartServerAsync();
        fake.AddModel(new FakeModel("acme", "llm") { Description = "chatty", Script = new FakeRunScript { Streams = true, Outputs = [FakeOutput.FromText("line one\nline two"), FakeOutput.FromText("!")] } });
        using var client = new ReplicateClient(new ReplicateClientOptions { BaseAddress = baseAddress, ApiToken = Clients.Token, TimeProvider = fake.Time });

        var operation = await client.CreatePredictionAsync("acme/llm", new { prompt = "hi" });
        var tokens = new List<string>();
        await foreach (var token in client.StreamTextAsync(operation.Value!))
        {
            tokens.Add(token);
        }

        using var http = new HttpClient();
        using var search = new HttpRequestMessage(new HttpMethod("QUERY"), new Uri(baseAddress, "models")) { Content = new StringContent("chatty") };
        search.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Clients.Token);
        using var found = await http.SendAsync(search);

        tokens.Should().Equal("line one\nline two", "!");
        (await found.Content.ReadAsStringAsync()).Should().Contain("\"name\":\"llm\"");
    }

    [Test]
    public async Task A_reset_fault_drops_the_socket()
    {
        await using var fake = new FakeReplicate();
        var baseAddress = await fake.StartServerAsync();
        fake.AddFault(new FakeFault(FakeFaultKind.ConnectionReset) { OperationId = "Account_Get" });
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Clients.Token);

        var first = () => http.GetAsync(new Uri(baseAddress, "account"));

        await first.Should().ThrowAsync<HttpRequestException>();
        (await http.GetAsync(new Uri(baseAddress, "account"))).IsSuccessStatusCode.Should().BeTrue("the fault was used up");
    }
}
