using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Replicate.Client.Predictions;

/// <summary>A model's input as the API takes it: one JSON object.</summary>
internal static class PredictionInput
{
    public const string ReflectionWarning =
        "Serializes the input with reflection-based System.Text.Json. In trimmed or native-AOT applications pass a JsonElement (for example from a JsonSerializerContext) instead.";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    /// <summary>Serializes an input object (anonymous object, dictionary, record) to a JSON object.</summary>
    [RequiresUnreferencedCode(ReflectionWarning)]
    [RequiresDynamicCode(ReflectionWarning)]
    public static JsonElement ToElement<TInput>(TInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var element = input is JsonElement json ? json : JsonSerializer.SerializeToElement(input, input.GetType(), Options);
        Check(element);
        return element;
    }

    /// <summary>Rejects anything but a JSON object before a request is made.</summary>
    public static void Check(JsonElement input)
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException(
                $"A model's input is a JSON object (its input names and values), not {(input.ValueKind == JsonValueKind.Undefined ? "an empty JsonElement" : "a JSON " + input.ValueKind.ToString().ToLowerInvariant())}.",
                nameof(input));
        }
    }
}
