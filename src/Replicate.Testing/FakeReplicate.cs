using Microsoft.Extensions.Time.Testing;
using Replicate.Testing.Engine;
using Replicate.Testing.Hosting;

namespace Replicate.Testing;

/// <summary>
/// A stateful fake of the Replicate HTTP API for tests. Use it in process (<see cref="CreateHandler"/>, with
/// <see cref="BaseAddress"/>) or on a real socket (<see cref="StartServerAsync"/>, 127.0.0.1 on a free port).
/// Predictions and trainings move <c>starting → processing → succeeded | failed | canceled | aborted</c> on the
/// <see cref="Time"/> clock following each model's <see cref="FakeRunScript"/>. Every operation of the API's committed
/// baseline is routed; responses follow its schemas.
/// </summary>
public sealed class FakeReplicate : IAsyncDisposable, IDisposable
{
    private readonly FakeApi _api;
    private LoopbackHost? _host;

    /// <summary>Creates a fake with the given options (all optional).</summary>
    public FakeReplicate(FakeReplicateOptions? options = null)
    {
        _api = new FakeApi(options ?? new FakeReplicateOptions());
        Webhooks = new FakeWebhooks(_api);
    }

    /// <summary>The fake's clock. Share it with the client under test (<c>ReplicateClientOptions.TimeProvider</c>) to keep both on one timeline.</summary>
    public FakeTimeProvider Time => _api.Time;

    /// <summary>
    /// The API's base address, ending in <c>/v1/</c>: <c>http://replicate.fake/v1/</c> in process, the loopback
    /// server's once <see cref="StartServerAsync"/> ran. Output and stream URLs are on the same origin.
    /// </summary>
    public Uri BaseAddress => _api.BaseAddress;

    /// <summary>The engine, for the fake's own tests.</summary>
    internal FakeApi Api => _api;

    /// <summary>The options it was created with.</summary>
    public FakeReplicateOptions Options => _api.Options;

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<FakeRequest> Requests => _api.Requests;

    /// <summary>The predictions created, oldest first, as they stand now.</summary>
    public IReadOnlyList<FakePrediction> Predictions
    {
        get
        {
            var now = Time.GetUtcNow();
            return [.. _api.Runs.Where(r => !r.IsTraining).Select(r => new FakePrediction(r, now))];
        }
    }

    /// <summary>The trainings created, oldest first, as they stand now.</summary>
    public IReadOnlyList<FakeTraining> Trainings
    {
        get
        {
            var now = Time.GetUtcNow();
            return [.. _api.Runs.Where(r => r.IsTraining).Select(r => new FakeTraining(r, now))];
        }
    }

    /// <summary>Webhook deliveries, their secret, redelivery.</summary>
    public FakeWebhooks Webhooks { get; }

    /// <summary>A handler that answers in process; give it to the client with <see cref="BaseAddress"/>. Each call makes a new one on the same state.</summary>
    public HttpMessageHandler CreateHandler() => new InProcessHandler(_api);

    /// <summary>
    /// Starts a Kestrel server on 127.0.0.1 (a port the system picks) serving the same state, and returns its base
    /// address (<c>http://127.0.0.1:PORT/v1/</c>). Start it before creating predictions: their URLs name the origin.
    /// </summary>
    public async Task<Uri> StartServerAsync(CancellationToken cancellationToken = default)
    {
        if (_host is not null)
        {
            return BaseAddress;
        }

        var (host, root) = await LoopbackHost.StartAsync(_api, cancellationToken).ConfigureAwait(false);
        _host = host;
        _api.BaseAddress = new Uri(root, "v1/");
        return BaseAddress;
    }

    /// <summary>Adds a model (and its latest version) with the script its predictions follow; returns it.</summary>
    public FakeModel AddModel(FakeModel model)
    {
        _api.AddModel(model);
        return model;
    }

    /// <summary>Adds a model <c>owner/name</c> with the given script (default: 1 s starting, 2 s processing, output "done").</summary>
    public FakeModel AddModel(string owner, string name, FakeRunScript? script = null) =>
        AddModel(new FakeModel(owner, name) { Script = script ?? FakeRunScript.Default });

    /// <summary>
    /// Publishes a new version of a model the fake has, which becomes its latest (a model author pushing a new version:
    /// what a pinned model's drift check sees).
    /// </summary>
    /// <exception cref="ArgumentException">The fake has no such model, or the model already has that version.</exception>
    public void AddVersion(string owner, string name, string versionId, string openApiSchema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(versionId);
        ArgumentNullException.ThrowIfNull(openApiSchema);
        _api.AddVersion(owner, name, versionId, openApiSchema);
    }

    /// <summary>Adds a deployment (its model too, when the fake does not have it yet).</summary>
    public void AddDeployment(FakeDeployment deployment) => _api.AddDeployment(deployment);

    /// <summary>Adds a collection (its models too).</summary>
    public void AddCollection(FakeCollection collection) => _api.AddCollection(collection);

    /// <summary>Injects a fault into the next matching requests (server errors, resets, slow or cut bodies).</summary>
    public void AddFault(FakeFault fault) => _api.AddFault(fault);

    /// <summary>Moves the clock forward (predictions progress, deadlines pass, outputs expire), then lets webhook deliveries run.</summary>
    public async Task AdvanceAsync(TimeSpan by, CancellationToken cancellationToken = default)
    {
        _api.Advance(by);
        await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Moves the clock in <paramref name="step"/>s (default 1 s) until <paramref name="work"/> completes — for code under
    /// test that waits on the same clock (a client polling with <c>TimeProvider = fake.Time</c>). Gives up with a
    /// <see cref="TimeoutException"/> after <paramref name="limit"/> of fake time (default 1 h).
    /// </summary>
    public async Task<T> RunUntilCompletedAsync<T>(Task<T> work, TimeSpan? step = null, TimeSpan? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var by = step ?? TimeSpan.FromSeconds(1);
        var end = Time.GetUtcNow() + (limit ?? TimeSpan.FromHours(1));
        while (!work.IsCompleted)
        {
            if (Time.GetUtcNow() >= end)
            {
                throw new TimeoutException($"The work did not complete within {limit ?? TimeSpan.FromHours(1)} of fake time.");
            }

            // A moment of real time, so continuations of the last step run before the clock moves again.
            await Task.WhenAny(work, Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System, cancellationToken)).ConfigureAwait(false);
            if (!work.IsCompleted)
            {
                _api.Advance(by);
            }
        }

        return await work.ConfigureAwait(false);
    }

    /// <summary>Stops the server (if started) and the webhook deliveries.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync().ConfigureAwait(false);
            _host = null;
        }

        _api.Dispose();
    }

    /// <summary>Stops the server (if started) and the webhook deliveries.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
