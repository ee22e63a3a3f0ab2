using System.Net;

namespace Replicate.Generated.Tests.Hostile;

/// <summary>Ids that would walk the path are refused before any request; everything else is one escaped segment.</summary>
public class PathSegmentTests
{
    private static IEnumerable<TestCaseData> Calls()
    {
        foreach (var id in new[] { "", " ", ".", ".." })
        {
            yield return new TestCaseData(id, (Func<HttpClient, string, Task>)((c, v) => new ModelsClient(c).VersionsDeleteAsync("acme", "model", v))).SetArgDisplayNames("VersionsDelete", $"'{id}'");
            yield return new TestCaseData(id, (Func<HttpClient, string, Task>)((c, v) => new FilesClient(c).DeleteAsync(v))).SetArgDisplayNames("FilesDelete", $"'{id}'");
            yield return new TestCaseData(id, (Func<HttpClient, string, Task>)((c, v) => new PredictionsClient(c).CancelAsync(v))).SetArgDisplayNames("PredictionsCancel", $"'{id}'");
            yield return new TestCaseData(id, (Func<HttpClient, string, Task>)((c, v) => new DeploymentsClient(c).GetAsync(v, "d"))).SetArgDisplayNames("DeploymentsGet", $"'{id}'");
        }
    }

    [TestCaseSource(nameof(Calls))]
    public async Task A_dot_or_empty_id_is_refused_before_any_request(string id, Func<HttpClient, string, Task> call)
    {
        var stub = new StubHandler(HttpStatusCode.NoContent, contentType: null);
        using var http = stub.Client();

        await FluentActions.Awaiting(() => call(http, id)).Should().ThrowAsync<ArgumentException>();

        stub.Requests.Should().BeEmpty("nothing is sent for an id that would change the path");
    }

    [TestCase("a/b", "/v1/files/a%2Fb")]
    [TestCase("...", "/v1/files/...")]
    [TestCase("%2e%2e", "/v1/files/%252e%252e")]
    [TestCase("?x=1#y", "/v1/files/%3Fx%3D1%23y")]
    public async Task Anything_else_is_one_escaped_segment(string id, string path)
    {
        var stub = new StubHandler(HttpStatusCode.NoContent, contentType: null);
        using var http = stub.Client();

        await new FilesClient(http).DeleteAsync(id);

        stub.Requests.Single().Uri.AbsolutePath.Should().Be(path);
    }
}
