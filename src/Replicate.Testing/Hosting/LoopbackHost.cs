using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Replicate.Testing.Engine;

namespace Replicate.Testing.Hosting;

/// <summary>The fake on a real socket: Kestrel bound to 127.0.0.1 on a port the system picks.</summary>
internal sealed class LoopbackHost(WebApplication app) : IAsyncDisposable
{
    public static async Task<(LoopbackHost Host, Uri Root)> StartAsync(FakeApi api, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            o.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        app.Run(context => ServeAsync(api, context));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (new LoopbackHost(app), new Uri(address.TrimEnd('/') + "/"));
    }

    private static async Task ServeAsync(FakeApi api, HttpContext context)
    {
        var aborted = context.RequestAborted;
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, aborted).ConfigureAwait(false);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var wire = new WireRequest(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? string.Empty, headers, buffer.ToArray());
        var answer = await api.HandleAsync(wire, aborted).ConfigureAwait(false);
        if (answer.Reset)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = answer.Status;
        if (answer.ContentType is not null)
        {
            context.Response.ContentType = answer.ContentType;
        }

        foreach (var (name, value) in answer.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (answer.Writer is { } writer)
        {
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            try
            {
                await writer(context.Response.Body, aborted).ConfigureAwait(false);
            }
            catch (ConnectionResetException)
            {
                context.Abort();
            }

            return;
        }

        if (answer.Body.Length > 0)
        {
            context.Response.ContentLength = answer.Body.Length;
            await context.Response.Body.WriteAsync(answer.Body, aborted).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
