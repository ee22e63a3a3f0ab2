using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Replicate.Consumer.Tests.Loopback;

/// <summary>
/// Replicate played by a script on 127.0.0.1 (Kestrel, ephemeral port): each request gets the next scripted answer,
/// and every request is recorded. An unscripted request gets 599, which no test expects. A small copy of the
/// repository's test helper, because a consumer of the package has no project references into the repository.
/// </summary>
internal sealed class ScriptedReplicate : IAsyncDisposable
{
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();
    private readonly ConcurrentQueue<Recorded> _requests = new();
    private WebApplication _app = null!;

    private ScriptedReplicate()
    {
    }

    /// <summary>The server root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Root { get; private set; } = null!;

    /// <summary>The API root a client is aimed at: <c>{Root}v1/</c>.</summary>
    public Uri ApiBase => new(Root, "v1/");

    public IReadOnlyList<Recorded> Requests => [.. _requests];

    public static async Task<ScriptedReplicate> StartAsync()
    {
        var fake = new ScriptedReplicate();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        fake._app = builder.Build();
        fake._app.Run(fake.HandleAsync);
        await fake._app.StartAsync();
        var address = fake._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        fake.Root = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>Queues an answer: status, body (a template: <c>{root}</c> becomes this server's root) and content type.</summary>
    public ScriptedReplicate Respond(int status, string body = "", string contentType = "application/json", params (string Name, string Value)[] headers)
    {
        _script.Enqueue(async context =>
        {
            context.Response.StatusCode = status;
            foreach (var (name, value) in headers)
            {
                context.Response.Headers[name] = value;
            }

            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body.Replace("{root}", Root.ToString(), StringComparison.Ordinal), context.RequestAborted);
        });
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        _requests.Enqueue(new Recorded(
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.ToArray()));
        if (_script.TryDequeue(out var answer))
        {
            await answer(context);
            return;
        }

        context.Response.StatusCode = 599;
        await context.Response.WriteAsync("unscripted request", context.RequestAborted);
    }
}

/// <summary>One request as the fake saw it.</summary>
internal sealed record Recorded(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Line => $"{Method} {PathAndQuery}";

    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}
