using System.Text.Json;
using System.Text.Json.Serialization;

namespace Replicate.Generated;

/// <summary>
/// Reads and writes an extensible enum as its JSON string, whatever the value (no reflection: AOT-safe). Public so that
/// other generated sets (the pinned models' input enums in Replicate.Models) use the same converter.
/// </summary>
/// <typeparam name="T">The extensible enum.</typeparam>
// CUSTOM: System.Text.Json's enum converters reject values they do not know; the API adds values (aborted, 2025).
public sealed class ExtensibleEnumJsonConverter<T> : JsonConverter<T>
    where T : struct, IExtensibleEnum<T>
{
    /// <inheritdoc/>
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? T.Create(reader.GetString()!)
            : throw new JsonException($"A {typeof(T).Name} is a JSON string, not {reader.TokenType}.");

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);

    /// <inheritdoc/>
    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => T.Create(reader.GetString()!);

    /// <inheritdoc/>
    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(value.Value);
}
