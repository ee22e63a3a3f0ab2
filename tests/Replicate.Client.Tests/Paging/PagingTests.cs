using Microsoft.AspNetCore.Http;
using Replicate.Client.Errors;
using Replicate.Client.Paging;
using Replicate.Testing;

namespace Replicate.Client.Tests.Paging;

/// <summary>Following absolute <c>next</c> URLs over real HTTP: several pages, empty pages, foreign hosts, resume, cancel.</summary>
public class PagingTests
{
    private static string Item(string id) => TestClients.Prediction.Replace("\"p1\"", $"\"{id}\"", StringComparison.Ordinal);

    // A page whose next URL is absolute and names this server, as the API's do.
    private static Func<HttpContext, Task> Page(ScriptedServer server, string? nextQuery, params string[] ids) => context =>
    {
        var next = nextQuery is null ? "null" : $"\"{server.ApiBase}predictions?{nextQuery}\"";
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync($$"""{"previous":null,"next":{{next}},"results":[{{string.Join(",", ids.Select(Item))}}]}""");
    };

    [Test]
    public async Task All_items_of_all_pages_arrive_in_order_following_next_urls_exactly()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(Page(server, "cursor=c2", "a", "b"))
            .Respond(Page(server, "cursor=c3"))
            .Respond(Page(server, null, "c"));
        using var client = TestClients.For(server);

        var ids = new List<string>();
        await foreach (var prediction in client.Predictions.ListAllAsync())
        {
            ids.Add(prediction.Id!);
        }

        ids.Should().Equal("a", "b", "c");
        server.Requests.Select(r => r.PathAndQuery).Should().Equal("/v1/predictions", "/v1/predictions?cursor=c2", "/v1/predictions?cursor=c3");
        server.Requests.Should().OnlyContain(r => r.Headers["Authorization"] == "Bearer " + TestClients.Token);
    }

    [Test]
    public async Task Pages_expose_their_continuation_token_and_an_empty_page_with_next_continues()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(Page(server, "cursor=c2", "a"))
            .Respond(Page(server, "cursor=c3"))
            .Respond(Page(server, null, "b"));
        using var client = TestClients.For(server);

        var pages = new List<ReplicatePage<Generated.PredictionResponse>>();
        await foreach (var page in client.Predictions.ListAllAsync().AsPages())
        {
            pages.Add(page);
        }

        pages.Select(p => p.Items.Count).Should().Equal(1, 0, 1);
        pages[0].ContinuationToken.Should().Be($"{server.ApiBase}predictions?cursor=c2");
        pages[2].ContinuationToken.Should().BeNull();
    }

    [Test]
    public async Task Paging_resumes_from_a_stored_token()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(Page(server, null, "z"));
        using var client = TestClients.For(server);

        var ids = new List<string>();
        await foreach (var page in client.Predictions.ListAllAsync().AsPages($"{server.ApiBase}predictions?cursor=c9"))
        {
            ids.AddRange(page.Items.Select(p => p.Id!));
        }

        ids.Should().Equal("z");
        server.Requests.Single().PathAndQuery.Should().Be("/v1/predictions?cursor=c9");
    }

    [Test]
    public async Task A_next_url_on_another_host_is_refused_and_nothing_is_sent_there()
    {
        await using var foreign = await ScriptedServer.StartAsync();
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync($$"""{"next":"{{foreign.ApiBase}}predictions?cursor=steal","results":[{{Item("a")}}]}""");
        });
        using var client = TestClients.For(server);

        var seen = new List<string>();
        var act = async () =>
        {
            await foreach (var prediction in client.Predictions.ListAllAsync())
            {
                seen.Add(prediction.Id!);
            }
        };

        (await act.Should().ThrowAsync<ReplicatePagingException>()).Which.Message.Should().Contain(foreign.BaseAddress.Authority);
        seen.Should().Equal("a");
        foreign.Requests.Should().BeEmpty("the token must never be sent to another host");
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task A_next_url_that_repeats_stops_paging_with_a_clear_error(int cycle)
    {
        await using var server = await ScriptedServer.StartAsync();
        // cycle 1: page 1 points at itself; cycle 2: page 1 -> page 2 -> page 1.
        server.Respond(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync($$"""{"next":"{{server.ApiBase}}predictions?cursor=p1","results":[{{Item("a")}}]}""");
        });
        server.Respond(context =>
        {
            context.Response.ContentType = "application/json";
            var next = cycle == 1 ? "p1" : "p2";
            return context.Response.WriteAsync($$"""{"next":"{{server.ApiBase}}predictions?cursor={{next}}","results":[{{Item("b")}}]}""");
        });
        server.Respond(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync($$"""{"next":"{{server.ApiBase}}predictions?cursor=p1","results":[{{Item("c")}}]}""");
        });
        using var client = TestClients.For(server);

        var seen = new List<string>();
        var act = async () =>
        {
            await foreach (var prediction in client.Predictions.ListAllAsync())
            {
                seen.Add(prediction.Id!);
            }
        };

        (await act.Should().ThrowAsync<ReplicatePagingException>()).Which.Message.Should().Contain("repeats");
        server.Requests.Should().HaveCount(cycle + 1, "each page is read once, then the repeat is refused without a request");
    }

    [Test]
    public async Task A_foreign_continuation_token_is_refused_before_any_request()
    {
        await using var server = await ScriptedServer.StartAsync();
        using var client = TestClients.For(server);

        var act = async () =>
        {
            await foreach (var _ in client.Predictions.ListAllAsync().AsPages("https://evil.example/v1/predictions?cursor=x"))
            {
            }
        };

        await act.Should().ThrowAsync<ReplicatePagingException>();
        server.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task Cancellation_between_pages_stops_before_the_next_request()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(Page(server, "cursor=c2", "a")).Respond(Page(server, null, "b"));
        using var client = TestClients.For(server);
        using var cts = new CancellationTokenSource();

        var act = async () =>
        {
            await foreach (var _ in client.Predictions.ListAllAsync().WithCancellation(cts.Token))
            {
                await cts.CancelAsync();
            }
        };

        await act.Should().ThrowAsync<OperationCanceledException>();
        server.Requests.Should().ContainSingle();
    }

    [Test]
    public async Task Search_pages_repeat_the_query_with_its_text_body()
    {
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync($$"""{"next":"{{server.ApiBase}}models?cursor=2","previous":null,"results":[{"owner":"a","name":"one"}]}""");
        }).Respond(200, """{"next":null,"previous":null,"results":[{"owner":"b","name":"two"}]}""");
        using var client = TestClients.For(server);

        var names = new List<string>();
        await foreach (var model in client.Models.SearchAllAsync("upscale faces"))
        {
            names.Add(model.Name!);
        }

        names.Should().Equal("one", "two");
        server.Requests.Should().OnlyContain(r => r.Method == "QUERY" && r.Body == "upscale faces");
        server.Requests[1].PathAndQuery.Should().Be("/v1/models?cursor=2");
    }

    [Test]
    public async Task Every_paginated_operation_follows_next()
    {
        await using var server = await ScriptedServer.StartAsync();
        string TwoPages(string path, string item) => $$"""{"next":"{{server.ApiBase}}{{path}}?cursor=2","results":[{{item}}]}""";
        const string Last = """{"next":null,"results":[]}""";
        var cases = new (string Path, string Item, Func<ReplicateClient, IAsyncEnumerable<object>> List)[]
        {
            ("predictions", Item("a"), c => c.Predictions.ListAllAsync()),
            ("trainings", """{"id":"t"}""", c => c.Trainings.ListAllAsync()),
            ("models", """{"name":"m"}""", c => c.Models.ListAllAsync()),
            ("models/o/n/versions", """{"id":"v"}""", c => c.Models.VersionsListAllAsync("o", "n")),
            ("models/o/n/examples", Item("e"), c => c.Models.ExamplesListAllAsync("o", "n")),
            ("collections", """{"name":"c","slug":"c"}""", c => c.Collections.ListAllAsync()),
            ("deployments", """{"name":"d"}""", c => c.Deployments.ListAllAsync()),
            ("files", """{"id":"f"}""", c => c.Files.ListAllAsync()),
        };
        using var client = TestClients.For(server);

        foreach (var (path, item, list) in cases)
        {
            server.Respond(200, TwoPages(path, item)).Respond(200, Last);
            var count = 0;
            await foreach (var _ in list(client))
            {
                count++;
            }

            count.Should().Be(1, $"{path} has one item over two pages");
        }

        server.Requests.Should().HaveCount(16);
        server.Requests.Where((_, i) => i % 2 == 1).Should().OnlyContain(r => r.PathAndQuery.EndsWith("?cursor=2", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_consumer_can_test_its_code_with_fixed_pages()
    {
        var pageable = AsyncPageable<string>.FromPages([new ReplicatePage<string>(["a"], "t1"), new ReplicatePage<string>(["b"], null)]);

        var items = new List<string>();
        await foreach (var item in pageable)
        {
            items.Add(item);
        }

        items.Should().Equal("a", "b");
    }
}
