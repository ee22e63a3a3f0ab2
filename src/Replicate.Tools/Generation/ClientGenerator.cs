using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.CodeGeneration;
using NJsonSchema.CodeGeneration.CSharp;
using NSwag;
using NSwag.CodeGeneration;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;
using Replicate.Tools.Normalization;

namespace Replicate.Tools.Generation;

/// <summary>
/// <c>replicate-tools generate</c>: NSwag's C# client generator run as a library (the CLI cannot load name generators
/// or templates of ours: NSwag issue 3399) over the normalized document, rendered by <see cref="CSharpRenderer"/>.
/// </summary>
internal static class ClientGenerator
{
    /// <summary>The NSwag version generation runs on (recorded in the generated file's inputs).</summary>
    public static string NSwagVersion => typeof(CSharpClientGenerator).Assembly.GetName().Version?.ToString(3) ?? "unknown";

    /// <summary>Generates the C# of every client and model from a normalized document.</summary>
    public static async Task<string> GenerateAsync(JsonObject normalized, GenerationOptions options)
    {
        var input = GenerationInput.Create(normalized, options);
        var document = await OpenApiDocument.FromJsonAsync(input.Document.ToJsonString()).ConfigureAwait(false);
        var renderer = new CSharpRenderer(input);
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "{controller}Client",
            OperationNameGenerator = new MultipleClientsFromOperationIdOperationNameGenerator(),
            ParameterNameGenerator = new ParameterNames(),
            GenerateClientClasses = true,
            GenerateClientInterfaces = false,
            GenerateDtoTypes = true,
            GenerateExceptionClasses = false,
            GenerateResponseClasses = false,
            GenerateOptionalParameters = true,
            InjectHttpClient = true,
            UseBaseUrl = false,
            CSharpGeneratorSettings =
            {
                Namespace = "Replicate.Generated",
                JsonLibrary = CSharpJsonLibrary.SystemTextJson,
                JsonLibraryVersion = 10.0m,
                // CUSTOM: free-form JSON (prediction input and output, file metadata, a version's schema) is a JsonElement.
                AnyType = "System.Text.Json.JsonElement",
                DateType = "System.DateTimeOffset",
                DateTimeType = "System.DateTimeOffset",
                ArrayType = "System.Collections.Generic.IReadOnlyList",
                ArrayInstanceType = "System.Collections.Generic.List",
                DictionaryType = "System.Collections.Generic.IReadOnlyDictionary",
                DictionaryInstanceType = "System.Collections.Generic.Dictionary",
                GenerateNullableReferenceTypes = true,
                GenerateOptionalPropertiesAsNullable = true,
                GenerateDefaultValues = false,
                PropertyNameGenerator = new PropertyNames(),
                EnumNameGenerator = new EnumMemberNames(),
                TemplateFactory = renderer,
            },
        };

        return new CSharpClientGenerator(document, settings).GenerateFile();
    }

    // CUSTOM: PascalCase C# names for snake_case wire names (NSwag's default keeps underscores: Created_at).
    private sealed class PropertyNames : IPropertyNameGenerator
    {
        public string Generate(JsonSchemaProperty property) => CSharpNames.Pascal(property.Name);
    }

    // CUSTOM: camelCase parameters; the normalizer's x-originalName wins (cancelAfter for Cancel-After).
    private sealed class ParameterNames : IParameterNameGenerator
    {
        public string Generate(OpenApiParameter parameter, IEnumerable<OpenApiParameter> allParameters)
        {
            if (parameter.Kind == OpenApiParameterKind.Body)
            {
                return parameter.Name;
            }

            var original = parameter.ExtensionData?.TryGetValue("x-originalName", out var value) == true ? value as string : null;
            return Naming.Camel(original ?? parameter.Name);
        }
    }

    private sealed class EnumMemberNames : IEnumNameGenerator
    {
        public string Generate(int index, string? name, object? value, JsonSchema schema) =>
            CSharpNames.Pascal(value?.ToString() ?? name ?? "Value" + index);
    }
}
