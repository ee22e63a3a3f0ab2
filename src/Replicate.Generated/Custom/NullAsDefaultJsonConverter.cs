using System.Text.Json;
using System.Text.Json.Serialization;

namespace Replicate.Generated;

/// <summary>
/// Reads JSON <c>null</c> in a value field the spec calls non-null as the type's default, so one such field does not
/// fail the whole object (or the page it is on); any other value reads as usual. Used on models only the server writes.
/// </summary>
// CUSTOM: Replicate's own SDK tests serve a file with "expires_at": null although the spec requires a date-time; with
// System.Text.Json's converters that failed the whole file list.
internal sealed class NullAsDefaultJsonConverter<T> : JsonConverter<T>
    where T : struct
{
    public override bool HandleNull => true;

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? default : Inner(options).Read(ref reader, typeToConvert, options);

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => Inner(options).Write(writer, value, options);

    private static JsonConverter<T> Inner(JsonSerializerOptions options) => (JsonConverter<T>)options.GetTypeInfo(typeof(T)).Converter;
}
