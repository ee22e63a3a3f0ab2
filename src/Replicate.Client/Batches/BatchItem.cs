using System.Text.Json;
using Replicate.Client.Predictions;
using Replicate.Client.Waiting;

namespace Replicate.Client.Batches;

/// <summary>
/// One prediction of a batch: a key of your choosing (unique in the batch; it names the item's journal entry and its
/// stored outputs), what to run (a model, a model version or a deployment), the input, and the create options.
/// Everything is checked here, so a bad item fails before the batch starts anything for it.
/// </summary>
public sealed class BatchItem
{
    /// <summary>The longest key accepted, in characters.</summary>
    public const int MaxKeyLength = 200;

    private readonly Func<ReplicateClient, BatchItem, CancellationToken, Task<PredictionOperation>> _create;

    private BatchItem(string key, string target, JsonElement input, PredictionCreateOptions? options, Func<ReplicateClient, BatchItem, CancellationToken, Task<PredictionOperation>> create)
    {
        Key = CheckKey(key);
        PredictionInput.Check(input);
        Target = target;
        Input = input.Clone();
        Options = options;
        _create = create;
    }

    /// <summary>
    /// An item running <paramref name="modelOrVersion"/>: <c>owner/name</c> (the latest version), <c>owner/name:version</c>
    /// or a bare version id.
    /// </summary>
    /// <exception cref="ArgumentException">The key is empty, too long or holds control characters; the input is not a JSON object.</exception>
    /// <exception cref="FormatException">The model reference is malformed.</exception>
    public BatchItem(string key, string modelOrVersion, JsonElement input, PredictionCreateOptions? options = null)
        : this(key, Reference(modelOrVersion), input, options, (client, item, ct) => client.CreatePredictionAsync(item.Target, item.Input, item.Options, ct))
    {
    }

    /// <summary>An item running <paramref name="model"/> (pinned to its version when it has one).</summary>
    /// <exception cref="ArgumentException">The key is empty, too long or holds control characters; the input is not a JSON object.</exception>
    public BatchItem(string key, ModelReference model, JsonElement input, PredictionCreateOptions? options = null)
        : this(key, (model ?? throw new ArgumentNullException(nameof(model))).ToString(), input, options, (client, item, ct) => client.CreatePredictionAsync(model, item.Input, item.Options, ct))
    {
    }

    /// <summary>The item's key.</summary>
    public string Key { get; }

    /// <summary>What it runs, as text: <c>owner/name</c>, <c>owner/name:version</c>, a version id, or <c>deployment owner/name</c>.</summary>
    public string Target { get; }

    /// <summary>The model's input.</summary>
    public JsonElement Input { get; }

    /// <summary>The create options (webhook, <c>Cancel-After</c>, validation, hold), or null.</summary>
    public PredictionCreateOptions? Options { get; }

    /// <summary>An item running on the deployment <paramref name="deploymentOwner"/>/<paramref name="deploymentName"/>.</summary>
    /// <exception cref="ArgumentException">A name is empty; the key or the input is not valid.</exception>
    public static BatchItem ForDeployment(string key, string deploymentOwner, string deploymentName, JsonElement input, PredictionCreateOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentOwner);
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentName);
        return new BatchItem(key, $"deployment {deploymentOwner}/{deploymentName}", input, options, (client, item, ct) => client.CreateDeploymentPredictionAsync(deploymentOwner, deploymentName, item.Input, item.Options, ct));
    }

    /// <summary>Creates the item's prediction through the client's ordinary create (its validation, hold and rate limits).</summary>
    internal Task<PredictionOperation> CreateAsync(ReplicateClient client, CancellationToken cancellationToken) => _create(client, this, cancellationToken);

    /// <inheritdoc />
    public override string ToString() => $"{Key}: {Target}";

    private static string Reference(string modelOrVersion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelOrVersion);
        var text = modelOrVersion.Trim();
        return text.Contains('/', StringComparison.Ordinal) ? ModelReference.Parse(text).ToString() : text;
    }

    private static string CheckKey(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"A batch item's key is at most {MaxKeyLength} characters; this one has {key.Length}.", nameof(key));
        }

        if (key.Any(char.IsControl))
        {
            throw new ArgumentException("A batch item's key holds control characters (it names journal entries and output files).", nameof(key));
        }

        return key;
    }
}
