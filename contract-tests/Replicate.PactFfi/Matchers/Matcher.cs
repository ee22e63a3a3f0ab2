using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Replicate.PactFfi.Matchers;

/// <summary>One matcher: its rule name, example value and the rule's own attributes (regex, min, format, generator).</summary>
internal sealed class Matcher(string type, object? value, params (string Name, object? Value)[] attributes) : IMatcher
{
    public string Type { get; } = type;

    public object? Value { get; } = value;

    public IReadOnlyList<(string Name, object? Value)> Attributes { get; } = attributes;
}

/// <summary>Serializer settings that write every <see cref="IMatcher"/> as Pact integration JSON.</summary>
internal static class MatcherJson
{
    private static readonly ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> Cache = [];

    /// <summary><paramref name="options"/> plus the matcher converter (cached, so type metadata is built once).</summary>
    public static JsonSerializerOptions With(JsonSerializerOptions options) =>
        Cache.GetValue(options, static o => new JsonSerializerOptions(o) { Converters = { new MatcherConverterFactory() } });

    private sealed class MatcherConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeof(IMatcher).IsAssignableFrom(typeToConvert);

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(MatcherConverter<>).MakeGenericType(typeToConvert))!;
    }

    private sealed class MatcherConverter<T> : JsonConverter<T>
        where T : IMatcher
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Matchers are written into pacts, never read back.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteString("pact:matcher:type", value.Type);
            if (value is Matcher matcher)
            {
                foreach (var (name, attribute) in matcher.Attributes)
                {
                    writer.WritePropertyName(name);
                    JsonSerializer.Serialize(writer, attribute, attribute?.GetType() ?? typeof(object), options);
                }
            }

            writer.WritePropertyName("value");
            JsonSerializer.Serialize(writer, value.Value, value.Value?.GetType() ?? typeof(object), options);
            writer.WriteEndObject();
        }
    }
}
