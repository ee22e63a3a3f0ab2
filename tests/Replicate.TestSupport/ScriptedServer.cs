using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Replicate.Testing;

/// <summary>
/// A loopback server that answers requests from a script, in order: status/body/headers, a dropped
/// connection, or a hang until the client gives up. Unscripted requests get 599 so a test notices them.
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();
    private LoopbackServer _server = null!;

    private ScriptedServer()
    {
    }

    /// <summary>The server root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>The API root on this server: <c>{BaseAddress}v1/</c>.</summary>
    public Uri ApiBase => new(_server.BaseAddress, "v1/");

    /// <summary>Requests received so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _server.Requests];

    /// <summary>Starts an empty-scripted server.</summary>
    public static async Task<ScriptedServer> StartAsync()
    {
        var scripted = new ScriptedServer();
        scripted._server = await LoopbackServer.StartAsync(context =>
            scripted._script.TryDequeue(out var step)
                ? step(context)
                : Write(context, 599, "text/plain", "unscripted request", null)).ConfigureAwait(false);
        return scripted;
    }

    /// <summary>Queues a response.</summary>
    public ScriptedServer Respond(int status, string? body = null, string contentType = "application/json", IDictionary<string, string>? headers = null)
    {
        _script.Enqueue(context => Write(context, status, contentType, body, headers));
        return this;
    }

    /// <summary>Queues a response computed from the request (for bodies that name this server's address).</summary>
    public ScriptedServer Respond(Func<HttpContext, Task> step)
    {
        _script.Enqueue(step);
        return this;
    }

    /// <summary>Queues a dropped connection: the request is read, then the connection is reset without a response.</summary>
    public ScriptedServer Reset()
    {
        _script.Enqueue(context =>
        {
            context.Abort();
            return Task.CompletedTask;
        });
        return this;
    }

    /// <summary>Queues a request that is never answered (until the client disconnects).</summary>
    public ScriptedServer Hang()
    {
        _script.Enqueue(async context =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // the client gave up, as the test intends
            }
        });
        return this;
    }

    /// <summary>Waits (really, briefly polling) until the server has received <paramref name="count"/> requests.</summary>
    public async Task WaitForRequestsAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (_server.Requests.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"expected {count} requests, got {_server.Requests.Count}");
            }

            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static async Task Write(HttpContext context, int status, string contentType, string? body, IDictionary<string, string>? headers)
    {
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (body is not null)
        {
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
