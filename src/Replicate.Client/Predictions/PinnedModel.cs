using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Replicate.Client.ModelSchemas;

namespace Replicate.Client.Predictions;

/// <summary>
/// A model pinned to one version, with a typed input and output: what <c>replicate-tools model add</c> locks and the
/// build generates (<c>PinnedModels.FluxSchnell</c> in Replicate.Models). The version's schema travels with it, so
/// checking an input before a create costs no request; <see cref="ReplicateClient.RunAsync{TInput, TOutput}"/>
/// checks by default.
/// </summary>
/// <typeparam name="TInput">The input class generated from the version's <c>components.schemas.Input</c>.</typeparam>
/// <typeparam name="TOutput">The output as a .NET type (<c>IReadOnlyList&lt;Uri&gt;</c> for a list of files), or <see cref="PredictionOutput"/>.</typeparam>
public sealed class PinnedModel<TInput, TOutput>
    where TInput : class
{
    private readonly Lazy<ModelSchema> _schema;
    private readonly JsonTypeInfo<TInput> _inputType;
    private readonly Func<PredictionOutput, TOutput> _readOutput;

    /// <summary>Pins <paramref name="model"/> (<c>owner/name:version</c>, the version required) with its schema and how to write inputs and read outputs.</summary>
    /// <param name="model">The model and version, <c>owner/name:version</c>.</param>
    /// <param name="openApiSchema">The version's <c>openapi_schema</c> (structure is enough: descriptions are not read).</param>
    /// <param name="inputType">Source-generated JSON metadata of <typeparamref name="TInput"/> (no reflection: trimming- and AOT-safe).</param>
    /// <param name="readOutput">Turns the prediction's output into <typeparamref name="TOutput"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="model"/> names no version.</exception>
    /// <exception cref="FormatException"><paramref name="model"/> is not <c>owner/name:version</c>.</exception>
    public PinnedModel(string model, string openApiSchema, JsonTypeInfo<TInput> inputType, Func<PredictionOutput, TOutput> readOutput)
    {
        ArgumentNullException.ThrowIfNull(openApiSchema);
        ArgumentNullException.ThrowIfNull(inputType);
        ArgumentNullException.ThrowIfNull(readOutput);
        Model = ModelReference.Parse(model);
        VersionId = Model.Version ?? throw new ArgumentException($"A pinned model names its version (owner/name:version), not just '{model}'.", nameof(model));
        _schema = new Lazy<ModelSchema>(() => ModelSchema.Parse(openApiSchema, VersionId));
        _inputType = inputType;
        _readOutput = readOutput;
    }

    /// <summary>The model and its pinned version.</summary>
    public ModelReference Model { get; }

    /// <summary>The pinned version's id.</summary>
    public string VersionId { get; }

    /// <summary>The pinned version's input schema, read on first use.</summary>
    /// <exception cref="FormatException">The schema given at construction cannot be read.</exception>
    public ModelSchema Schema => _schema.Value;

    /// <summary>The input as the JSON object a create sends (unset optional inputs are left out: the model applies its defaults).</summary>
    public JsonElement ToJson(TInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return JsonSerializer.SerializeToElement(input, _inputType);
    }

    /// <summary>Every way <paramref name="input"/> breaks the pinned version's schema (ranges, enums, lengths …); empty when it is valid.</summary>
    public IReadOnlyList<ModelInputError> Validate(TInput input) => Schema.Validate(ToJson(input));

    /// <summary>Reads a prediction's output as <typeparamref name="TOutput"/>.</summary>
    public TOutput ReadOutput(PredictionOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return _readOutput(output);
    }

    /// <summary><c>owner/name:version</c>.</summary>
    public override string ToString() => Model.ToString();
}
