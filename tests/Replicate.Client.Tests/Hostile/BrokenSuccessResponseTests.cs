using System.Text;
using Microsoft.AspNetCore.Http;
using Replicate.Client.Errors;
using Replicate.Testing;

namespace Replicate.Client.Tests.Hostile;

/// <summary>
/// Responses that look like success but are broken (or are not success at all): every one surfaces as a
/// <see cref="ReplicateException"/> naming the operation, never a raw JsonException, InvalidOperationException or
/// FormatException.
/// </summary>
public class BrokenSuccessResponseTests
{
    private static Func<HttpContext, Task> Raw(int status, string? contentType, byte[] body, params (string Name, string Value)[] headers) => async context =>
    {
        context.Response.StatusCode = status;
        if (contentType is not null)
        {
            context.Response.ContentType = contentType;
        }

        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.Body.WriteAsync(body);
    };

    private static IEnumerable<TestCaseData> Broken()
    {
        static byte[] Text(string s) => Encoding.UTF8.GetBytes(s);
        yield return new TestCaseData(Raw(200, "application/json", Text("""{"id":"p1","status":"""))).SetArgDisplayNames("malformed JSON");
        yield return new TestCaseData(Raw(200, "text/html", Text("<html><body>Sign in</body></html>"))).SetArgDisplayNames("HTML");
        yield return new TestCaseData(Raw(200, "application/json", [])).SetArgDisplayNames("empty");
        yield return new TestCaseData(Raw(200, "application/json", Text("null"))).SetArgDisplayNames("null");
        yield return new TestCaseData(Raw(200, "application/json", Text("[]"))).SetArgDisplayNames("an array");
        yield return new TestCaseData(Raw(204, null, [])).SetArgDisplayNames("204");
        yield return new TestCaseData(Raw(200, "application/json", [(byte)'{', (byte)'"', (byte)'i', (byte)'d', (byte)'"', (byte)':', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)'}'])).SetArgDisplayNames("invalid UTF-8");
        yield return new TestCaseData(Raw(302, null, [])).SetArgDisplayNames("a redirect without Location");
        yield return new TestCaseData((Func<HttpContext, Task>)(context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = context.Request.Path.Value;
            return Task.CompletedTask;
        })).SetArgDisplayNames("a redirect loop");
    }

    [TestCaseSource(nameof(Broken))]
    public async Task A_broken_response_is_a_replicate_exception_naming_the_operation(Func<HttpContext, Task> response)
    {
        await using var server = await ScriptedServer.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            server.Respond(response);
        }

        using var client = TestClients.For(server);

        var thrown = await FluentActions.Awaiting(() => client.Predictions.GetAsync("p1")).Should().ThrowAsync<ReplicateException>();

        thrown.Which.Operation.Should().Contain("/predictions/");
        thrown.Which.Message.Should().NotContain(TestClients.Token);
    }

    [TestCase("data:image/png;base64,@@@not-base64@@@")]
    [TestCase("data:nocomma")]
    public async Task A_bad_data_uri_in_an_output_is_a_replicate_exception(string uri)
    {
        await using var server = await ScriptedServer.StartAsync();
        using var client = TestClients.For(server);

        await FluentActions.Awaiting(() => client.OpenOutputAsync(new Uri(uri))).Should().ThrowAsync<ReplicateException>();
    }
}
