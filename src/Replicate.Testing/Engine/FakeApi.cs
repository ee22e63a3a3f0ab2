using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Time.Testing;
using Replicate.Testing.Routing;

namespace Replicate.Testing.Engine;

/// <summary>One call being handled: the request, its operation, its route values, the moment it arrived.</summary>
internal sealed record Call(WireRequest Request, BaselineOperation Operation, RouteValueDictionary Route, DateTimeOffset Now)
{
    public string Value(string name) => Route.TryGetValue(name, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty : string.Empty;

    /// <summary>The body as a JSON object, or null when it is not one.</summary>
    public JsonObject? JsonBody()
    {
        try
        {
            return Request.Body.Length == 0 ? null : JsonNode.Parse(Request.Body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// The fake API: state, the baseline's routes, and the cross-cutting rules (faults, auth, rate limits, 501 for an
/// operation without a handler) in front of the per-resource handlers (the other parts of this class).
/// </summary>
internal sealed partial class FakeApi : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Func<Call, CancellationToken, Task<WireResponse>>> _handlers;
    private readonly List<FakeRequest> _requests = [];
    private readonly List<(FakeFault Fault, int[] Left)> _faults = [];
    private readonly TokenBucket _creates;
    private readonly TokenBucket _others;
    private readonly object _clockGate = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _inFlight;

    public FakeApi(FakeReplicateOptions options)
    {
        Options = options;
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Time = options.TimeProvider ?? (options.AutoAdvance ? new AutoAdvancingClock(start) { Busy = () => Volatile.Read(ref _inFlight) > 0, Resolution = options.AutoAdvanceResolution } : new FakeTimeProvider(start));
        var limits = options.RateLimits;
        _creates = new TokenBucket(limits.CreatesPerMinute, limits.CreateBurst ?? limits.CreatesPerMinute, Time);
        _others = new TokenBucket(limits.OthersPerMinute, limits.OtherBurst ?? limits.OthersPerMinute, Time);
        _handlers = Handlers();
        Webhooks = new WebhookDispatcher(this);
        SigningKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
    }

    public FakeReplicateOptions Options { get; }

    /// <summary>Cancelled when the fake is disposed: ends bodies still being written.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public FakeTimeProvider Time { get; }

    public WebhookDispatcher Webhooks { get; }

    /// <summary>Signs file download URLs.</summary>
    public byte[] SigningKey { get; }

    public Uri BaseAddress { get; set; } = new("http://replicate.fake/v1/");

    public Uri Origin => new(BaseAddress.GetLeftPart(UriPartial.Authority) + "/");

    public string Url(string relative) => new Uri(BaseAddress, relative).AbsoluteUri;

    public string OriginUrl(string relative) => new Uri(Origin, relative).AbsoluteUri;

    public IReadOnlyList<FakeRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public void AddFault(FakeFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (fault.Count < 1)
        {
            throw new ArgumentException("A fault hits at least one request.", nameof(fault));
        }

        lock (_gate)
        {
            _faults.Add((fault, [fault.Count]));
        }
    }

    /// <summary>For the fake's own tests: an operation without a handler (the fake's answer to a new baseline operation).</summary>
    internal void RemoveHandler(string operationId) => _handlers.Remove(operationId);

    public async Task<WireResponse> HandleAsync(WireRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            var recorded = new System.Runtime.CompilerServices.StrongBox<FakeRequest?>();
            var response = await HandleCoreAsync(request, recorded, cancellationToken).ConfigureAwait(false);
            if (recorded.Value is { } entry)
            {
                entry.StatusCode = response.Reset ? null : response.Status;
            }

            return response;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task<WireResponse> HandleCoreAsync(WireRequest request, System.Runtime.CompilerServices.StrongBox<FakeRequest?> recorded, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var basePath = BaseAddress.AbsolutePath.TrimEnd('/');
        var underV1 = request.Path.StartsWith(basePath + "/", StringComparison.Ordinal) ? request.Path[basePath.Length..] : null;
        var match = underV1 is null ? null : BaselineOperations.Match(request.Method, underV1);
        recorded.Value = Record(request, match?.Operation.Id, now);

        if (match is null)
        {
            return request.Path.StartsWith("/fake/", StringComparison.Ordinal)
                ? await ServeOwnAsync(request, now, cancellationToken).ConfigureAwait(false)
                : WireResponse.Problem(404, "Not found", $"No route for {request.Method} {request.Path}.");
        }

        var (operation, route) = match.Value;
        var fault = TakeFault(operation.Id);
        switch (fault?.Kind)
        {
            case FakeFaultKind.ServerError:
                return WireResponse.Problem(fault.StatusCode, "Internal Server Error", "An injected fault: the request was not processed.");
            case FakeFaultKind.ConnectionReset:
                return new WireResponse { Reset = true };
        }

        if (operation.Id != "Search_Search" && !Authorized(request))
        {
            return WireResponse.Problem(401, "Unauthenticated", "You did not pass a valid authentication token");
        }

        var bucket = operation.IsCreate ? _creates : _others;
        if (!bucket.TryTake(out var retryAfter))
        {
            var throttled = WireResponse.Problem(429, "Request was throttled.", $"Request was throttled. Your rate limit resets in ~{retryAfter}s.");
            throttled.Headers["Retry-After"] = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return throttled;
        }

        if (!_handlers.TryGetValue(operation.Id, out var handler))
        {
            return WireResponse.Problem(501, "Not implemented", $"The fake Replicate does not implement the operation '{operation.Id}' ({operation.Method} {operation.Path}).");
        }

        var response = await handler(new Call(request, operation, route, now), cancellationToken).ConfigureAwait(false);
        return fault is null ? response : WithBodyFault(response, fault);
    }

    private FakeRequest Record(WireRequest request, string? operationId, DateTimeOffset now)
    {
        var entry = new FakeRequest(request.Method, request.Path, request.Query, request.Headers, request.Body, operationId, now);
        lock (_gate)
        {
            _requests.Add(entry);
        }

        return entry;
    }

    private FakeFault? TakeFault(string operationId)
    {
        lock (_gate)
        {
            foreach (var (fault, left) in _faults)
            {
                if (left[0] > 0 && (fault.OperationId is null || fault.OperationId == operationId))
                {
                    left[0]--;
                    return fault;
                }
            }

            return null;
        }
    }

    private bool Authorized(WireRequest request)
    {
        var header = request.Header("Authorization");
        if (header is null || !header.StartsWith("Bearer ", StringComparison.Ordinal) || header.Length == "Bearer ".Length)
        {
            return false;
        }

        return Options.ApiToken is null || header["Bearer ".Length..] == Options.ApiToken;
    }

    // A slow body sends the answer in small chunks with a pause before each; a reset mid-body sends half, then drops.
    private WireResponse WithBodyFault(WireResponse response, FakeFault fault)
    {
        if (response.Writer is not null || fault.Kind is not (FakeFaultKind.SlowBody or FakeFaultKind.ResetMidBody))
        {
            return response;
        }

        var body = response.Body;
        var slow = new WireResponse { Status = response.Status, ContentType = response.ContentType };
        foreach (var (name, value) in response.Headers)
        {
            slow.Headers[name] = value;
        }

        slow.Writer = fault.Kind == FakeFaultKind.SlowBody
            ? async (stream, ct) =>
            {
                const int chunk = 16;
                for (var offset = 0; offset < body.Length; offset += chunk)
                {
                    await WaitAsync(Time.GetUtcNow() + fault.Delay, null, ct).ConfigureAwait(false);
                    await stream.WriteAsync(body.AsMemory(offset, Math.Min(chunk, body.Length - offset)), ct).ConfigureAwait(false);
                    await stream.FlushAsync(ct).ConfigureAwait(false);
                }
            }
            : async (stream, ct) =>
            {
                await stream.WriteAsync(body.AsMemory(0, body.Length / 2), ct).ConfigureAwait(false);
                await stream.FlushAsync(ct).ConfigureAwait(false);
                throw new ConnectionResetException();
            };
        return slow;
    }

    /// <summary>
    /// Waits, on the fake's clock, until <paramref name="until"/> or until <paramref name="wake"/> completes. With
    /// auto-advance the clock is moved there instead (never backwards), so nothing waits for a test to advance it.
    /// </summary>
    public async Task WaitAsync(DateTimeOffset until, Task? wake, CancellationToken cancellationToken)
    {
        if (Options.AutoAdvance)
        {
            AdvanceTo(until);
            await Task.Yield();
            return;
        }

        var delay = until - Time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        var timer = Task.Delay(delay, Time, cancellationToken);
        await (wake is null ? timer : Task.WhenAny(timer, wake)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Advance(TimeSpan by) => AdvanceTo(Time.GetUtcNow() + by);

    private void AdvanceTo(DateTimeOffset until)
    {
        if (Time is AutoAdvancingClock clock)
        {
            clock.AdvanceTo(until);
            return;
        }

        lock (_clockGate)
        {
            var now = Time.GetUtcNow();
            if (until > now)
            {
                Time.Advance(until - now);
            }
        }
    }

    /// <summary>A list page: <c>next</c> and <c>previous</c> absolute, the cursor opaque, the page size the server's.</summary>
    public JsonObject Page(Call call, IReadOnlyList<JsonNode> items, int defaultSize)
    {
        var size = Options.PageSize ?? defaultSize;
        var cursor = call.Request.QueryValue("cursor");
        var offset = 0;
        var decoded = new byte[64];
        if (cursor is not null && Convert.TryFromBase64String(cursor, decoded, out var length)
            && int.TryParse(Encoding.UTF8.GetString(decoded, 0, length).Replace("o=", string.Empty, StringComparison.Ordinal), out var parsed))
        {
            offset = Math.Max(0, parsed);
        }

        var target = call.Request.Path[(BaseAddress.AbsolutePath.Length - 1)..].TrimStart('/');
        var keep = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(call.Request.Query)
            .Where(q => q.Key != "cursor")
            .ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        string Link(int at)
        {
            var query = new Dictionary<string, string?>(keep) { ["cursor"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("o=" + at)) };
            return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(Url(target), query);
        }

        return new JsonObject
        {
            ["previous"] = offset > 0 ? Link(Math.Max(0, offset - size)) : null,
            ["next"] = offset + size < items.Count ? Link(offset + size) : null,
            ["results"] = new JsonArray([.. items.Skip(offset).Take(size).Select(i => i.DeepClone())]),
        };
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        Webhooks.Dispose();
        (Time as AutoAdvancingClock)?.Dispose();
    }
}
