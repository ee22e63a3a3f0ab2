using System.Text.Json;

namespace Replicate.Mcp.Tests;

/// <summary>List tools continue from the previous page's <c>next</c> (the URL or its cursor); API errors and malformed arguments are tool errors.</summary>
[Parallelizable(ParallelScope.Children)]
public class PagingAndErrorTests
{
    private static readonly FakeReplicateOptions SmallPages = new() { ApiToken = McpHarness.Token, PageSize = 2 };

    private static void FiveModels(FakeReplicate fake)
    {
        foreach (var name in new[] { "one", "two", "three", "four", "five" })
        {
            fake.AddModel("acme", name);
        }
    }

    [Test]
    public async Task A_list_continues_from_its_next_url_or_cursor_to_the_last_page()
    {
        await using var server = await McpHarness.StartAsync(FiveModels, fakeOptions: SmallPages);

        var seen = new List<string>();
        var first = (await server.CallAsync("models_list")).Structured();
        var next = first.GetProperty("next").GetString()!;
        seen.AddRange(Names(first));
        var byUrl = (await server.CallAsync("models_list", new { cursor = next })).Structured();
        var byCursor = (await server.CallAsync("models_list", new { cursor = Cursor(next) })).Structured();
        seen.AddRange(Names(byUrl));
        var page = byUrl;
        while (page.GetProperty("next").GetString() is { } more)
        {
            page = (await server.CallAsync("models_list", new { cursor = more })).Structured();
            seen.AddRange(Names(page));
        }

        Names(first).Should().HaveCount(2);
        Names(byCursor).Should().Equal(Names(byUrl), "the bare cursor reaches the same page as the next URL");
        seen.Should().BeEquivalentTo(["acme/one", "acme/two", "acme/three", "acme/four", "acme/five"], "paging reaches every model once");
    }

    [Test]
    public async Task A_cursor_on_another_origin_or_of_another_list_is_refused_before_any_request()
    {
        await using var server = await McpHarness.StartAsync(FiveModels, fakeOptions: SmallPages);
        var next = (await server.CallAsync("models_list")).Structured().GetProperty("next").GetString()!;
        var before = server.Fake.Requests.Count;

        var foreign = await server.CallAsync("models_list", new { cursor = "https://elsewhere.example/v1/models?cursor=abc" });
        var otherList = await server.CallAsync("predictions_list", new { cursor = next });

        foreign.IsError.Should().BeTrue();
        foreign.Text().Should().Contain("cursor").And.Contain("elsewhere.example");
        otherList.IsError.Should().BeTrue();
        otherList.Text().Should().Contain("cursor");
        server.Fake.Requests.Count.Should().Be(before, "a refused cursor sends nothing");
    }

    [Test]
    public async Task Api_errors_are_tool_errors_with_the_status_and_the_problem_detail()
    {
        await using var server = await McpHarness.StartAsync(Seeds.AddModels);

        var missing = await server.CallAsync("predictions_get", new { prediction_id = "does-not-exist" });
        var invalid = await server.CallAsync("deployments_create", new { name = "d", model = "acme/missing", version = "v", hardware = "cpu", min_instances = 0, max_instances = 1 });

        missing.IsError.Should().BeTrue();
        missing.Text().Should().Contain("404");
        invalid.IsError.Should().BeTrue();
        invalid.Text().Should().Contain("422").And.Contain("'acme/missing' does not exist", "the problem's detail is carried");
    }

    [Test]
    public async Task Malformed_arguments_are_tool_errors_naming_the_argument_and_nothing_is_sent()
    {
        await using var server = await McpHarness.StartAsync(Seeds.AddModels);
        var before = server.Fake.Requests.Count;

        var missing = await server.CallAsync("models_get", new { model_owner = "acme" });
        var wrongType = await server.CallAsync("search", new { query = "cats", limit = "ten" });
        var unknown = await server.CallAsync("predictions_get", new { predicton_id = "abc" });
        var badShorthand = await server.CallAsync("models_get", new { model = "no-slash" });

        missing.IsError.Should().BeTrue();
        missing.Text().Should().Contain("'model_name'").And.Contain("required");
        wrongType.IsError.Should().BeTrue();
        wrongType.Text().Should().Contain("'limit'").And.Contain("integer");
        unknown.IsError.Should().BeTrue();
        unknown.Text().Should().Contain("'predicton_id'").And.Contain("prediction_id", "the error suggests the argument meant");
        badShorthand.IsError.Should().BeTrue();
        badShorthand.Text().Should().Contain("'model'");
        server.Fake.Requests.Count.Should().Be(before, "no malformed call reaches the API");
    }

    [Test]
    public async Task Model_owner_slash_name_stands_for_the_owner_and_the_name()
    {
        await using var server = await McpHarness.StartAsync(Seeds.AddModels);

        var model = await server.CallAsync("models_get", new { model = "acme/fake-model" });

        model.IsError.Should().NotBe(true, model.Text());
        model.Structured().GetProperty("name").GetString().Should().Be("fake-model");
        server.Fake.Requests.Should().Contain(r => r.OperationId == "Models_Get" && r.Path.EndsWith("/models/acme/fake-model", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_bare_array_is_wrapped_and_text_and_bytes_come_back_as_content()
    {
        await using var server = await McpHarness.StartAsync(Seeds.AddModels);
        var seeds = await Seeds.CreateAsync(server.Fake);

        var hardware = (await server.CallAsync("hardware_list")).Structured();
        var readme = await server.CallAsync("models_readme_get", new { model = "acme/fake-model" });
        var download = await server.CallAsync("files_download", seeds.MinimalArguments(
            (await server.Client.ListToolsAsync()).Single(t => t.Name == "files_download").ProtocolTool.InputSchema));

        hardware.GetProperty("items").ValueKind.Should().Be(JsonValueKind.Array, "GET /hardware answers a bare array, wrapped as items");
        readme.Text().Should().Be("# A fake model", "text/plain comes back as text");
        var blob = download.Content.OfType<ModelContextProtocol.Protocol.EmbeddedResourceBlock>().Single().Resource;
        ((ModelContextProtocol.Protocol.BlobResourceContents)blob).DecodedData.ToArray().Should().Equal("hello"u8.ToArray(), "octet-stream comes back as bytes");
    }

    private static IEnumerable<string> Names(JsonElement page) =>
        page.GetProperty("results").EnumerateArray().Select(m => m.GetProperty("owner").GetString() + "/" + m.GetProperty("name").GetString()).ToList();

    private static string Cursor(string next) => Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(next).Query)["cursor"].ToString();
}
