using System.Text;
using Microsoft.AspNetCore.Http;
using Replicate.Client.Webhooks;
using Replicate.Generated;
using Replicate.Testing;

namespace Replicate.Client.Tests.Webhooks;

/// <summary>The README's webhook snippet is this test's code, so the documentation cannot drift from the API.</summary>
public class ReadmeSnippetTests
{
    [Test]
    public async Task The_readme_snippet_verifies_a_delivery_and_rejects_a_replay()
    {
        await using var api = await LoopbackServer.StartAsync(200, "application/json", $$"""{"key":"{{StandardVector.Secret}}"}""");
        using var httpClient = new HttpClient { BaseAddress = api.BaseAddress };
        var body = Encoding.UTF8.GetBytes(Payloads.Prediction);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        // README:begin
        // Once: the signing secret, fetched from GET /webhooks/default/secret and cached (or WebhookSecret.Parse("whsec_…")).
        using var secrets = new WebhookSecretProvider(new WebhooksClient(httpClient));

        // Per delivery (ASP.NET Core shown): headers in any case, the raw body exactly as received.
        async Task<IResult> ReceiveAsync(HttpRequest request)
        {
            try
            {
                var headers = WebhookHeaders.FromLookup(name => request.Headers[name]);
                var delivery = await WebhookDelivery.VerifyAsync(await secrets.GetSecretAsync(), headers, request.Body);
                var prediction = delivery.ParsePrediction(); // or ParseTraining(); delivery.Kind says which
                return Results.Ok($"{delivery.Id}: {prediction.Status}"); // delivery.Id is the idempotency key
            }
            catch (WebhookVerificationException e)
            {
                return Results.BadRequest(e.Token); // "no_matching_signature", "timestamp_too_old", ...
            }
        }
        // README:end

        var fresh = await ReceiveAsync(Request(WebhookSigner.CreateHeaders(StandardVector.ParsedSecret, "msg_readme", now, body), body));
        var replay = await ReceiveAsync(Request(WebhookSigner.CreateHeaders(StandardVector.ParsedSecret, "msg_readme", now - 3600, body), body));

        fresh.Should().BeAssignableTo<IValueHttpResult>().Which.Value.Should().Be("msg_readme: succeeded");
        replay.Should().BeAssignableTo<IValueHttpResult>().Which.Value.Should().Be("timestamp_too_old");
        var readme = await File.ReadAllTextAsync(RepoRoot.Combine("README.md"));
        readme.ReplaceLineEndings().Should().Contain(Snippet(), "the README's Webhooks section shows this test's code");
    }

    private static HttpRequest Request(WebhookHeaders headers, byte[] body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Headers["Webhook-Id"] = headers.Id;
        context.Request.Headers["Webhook-Timestamp"] = headers.Timestamp;
        context.Request.Headers["Webhook-Signature"] = headers.Signature;
        context.Request.Body = new MemoryStream(body);
        return context.Request;
    }

    /// <summary>The lines between the markers above, de-indented as they appear in the README.</summary>
    private static string Snippet()
    {
        var source = File.ReadAllLines(RepoRoot.Combine("tests", "Replicate.Client.Tests", "Webhooks", "ReadmeSnippetTests.cs"));
        var begin = Array.FindIndex(source, l => l.Trim() == "// README:begin");
        var end = Array.FindIndex(source, l => l.Trim() == "// README:end");
        var lines = source[(begin + 1)..end];
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join(Environment.NewLine, lines.Select(l => l.Length >= indent ? l[indent..] : l.Trim()));
    }
}
