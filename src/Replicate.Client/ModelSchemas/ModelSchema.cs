using System.Text.Json;

namespace Replicate.Client.ModelSchemas;

/// <summary>
/// A model version's input schema, read from its <c>openapi_schema</c> (the OpenAPI document Cog writes:
/// <c>components.schemas.Input</c>), ready to check inputs before they cost a prediction. Read once, it is immutable
/// and thread-safe; <see cref="Validate"/> allocates nothing for a valid input but the strings a few keywords need.
/// </summary>
/// <remarks>
/// The validator is our own rather than JsonSchema.Net's: Cog's documents are OpenAPI 3.0, whose boolean
/// <c>exclusiveMinimum</c>, <c>nullable</c> and ignored <c>$ref</c> siblings JsonSchema.Net (2020-12 only) rejects
/// or misreads, so it would need a translated copy of every schema; its evaluation builds a results tree per call
/// (measured by the benchmark suite beside ours, <c>ModelSchemaValidationBenchmarks</c>), far above the 4 KB one
/// validation may allocate; and the rule words and messages callers and scripts read (<c>/width: maximum: 2048 &gt;
/// 1024</c>, <c>unknown-input</c> with a suggestion) are ours either way. The subset Cog writes is small (types,
/// bounds, enums through <c>allOf</c>/<c>$ref</c>, lengths, pattern, multipleOf, items, <c>format: uri</c>).
/// </remarks>
public sealed class ModelSchema
{
    private readonly SchemaNode _input;

    private ModelSchema(SchemaNode input, string openApiVersion, string? versionId)
    {
        _input = input;
        OpenApiVersion = openApiVersion;
        VersionId = versionId;
        InputNames = input.PropertyOrder ?? [];
        RequiredInputs = [.. InputNames.Where(n => input.Required?.Contains(n) == true)];
    }

    /// <summary>The document's <c>openapi</c> version (<c>3.0.2</c> from Cog); a 3.1 document is read as JSON Schema 2020-12.</summary>
    public string OpenApiVersion { get; }

    /// <summary>The version id the schema belongs to, when it was fetched through the client; null when parsed from text.</summary>
    public string? VersionId { get; }

    /// <summary>The model's input names, in its <c>x-order</c>.</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>The inputs a caller must give (required and without a default).</summary>
    public IReadOnlyList<string> RequiredInputs { get; }

    /// <summary>Reads a version's <c>openapi_schema</c> from JSON text.</summary>
    /// <exception cref="FormatException">Not JSON, not an object, no <c>components.schemas.Input</c>, or a broken <c>$ref</c> or pattern.</exception>
    public static ModelSchema Parse(string openApiSchema) => Parse(openApiSchema, versionId: null);

    internal static ModelSchema Parse(string openApiSchema, string? versionId)
    {
        ArgumentNullException.ThrowIfNull(openApiSchema);
        try
        {
            using var document = JsonDocument.Parse(openApiSchema);
            return Parse(document.RootElement, versionId);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The model schema is not JSON: {e.Message}", e);
        }
    }

    /// <summary>Reads a version's <c>openapi_schema</c> (the <c>JsonElement</c> a version response carries).</summary>
    /// <exception cref="FormatException">Not an object, no <c>components.schemas.Input</c>, or a broken <c>$ref</c> or pattern.</exception>
    public static ModelSchema Parse(JsonElement openApiSchema) => Parse(openApiSchema, versionId: null);

    internal static ModelSchema Parse(JsonElement document, string? versionId)
    {
        if (document.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"A model schema is an OpenAPI document (a JSON object), not a JSON {document.ValueKind.ToString().ToLowerInvariant()}.");
        }

        if (!document.TryGetProperty("components", out var components) || components.ValueKind != JsonValueKind.Object
            || !components.TryGetProperty("schemas", out var schemas) || schemas.ValueKind != JsonValueKind.Object
            || !schemas.TryGetProperty("Input", out var input) || input.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("The model schema has no components.schemas.Input (the object Cog writes a model's inputs to).");
        }

        var version = document.TryGetProperty("openapi", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "3.0.2";
        var compiler = new SchemaCompiler(document, jsonSchema2020: version.StartsWith("3.1", StringComparison.Ordinal));
        return new ModelSchema(compiler.Compile(input), version, versionId);
    }

    /// <summary>
    /// Checks an input (a JSON object of input names and values) and returns every error, in the model's input order;
    /// empty when the input is valid. Defaults are never required; values are never coerced (<c>"5"</c> is not 5).
    /// </summary>
    public IReadOnlyList<ModelInputError> Validate(JsonElement input)
    {
        List<ModelInputError>? errors = null;
        InputValidator.CheckInput(_input, input, ref errors);
        return errors ?? (IReadOnlyList<ModelInputError>)[];
    }
}
