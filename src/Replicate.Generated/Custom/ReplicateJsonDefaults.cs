using System.Text.Json;
using System.Text.Json.Serialization;

namespace Replicate.Generated;

/// <summary>
/// Serializer settings every generated client applies through its <c>UpdateJsonSerializerSettings</c> partial.
/// </summary>
internal static class ReplicateJsonDefaults
{
    /// <summary>Adjusts NSwag's System.Text.Json settings.</summary>
    /// <param name="settings">The options instance a generated client is about to use.</param>
    public static void Apply(JsonSerializerOptions settings)
    {
        // CUSTOM: NSwag puts a string-enum converter on single enum properties only; arrays of enums
        // (webhook_events_filter) would go out as integers ([0,3]). A global converter honours the
        // generated [JsonStringEnumMemberName] values, so the wire gets ["start","completed"].
        settings.Converters.Add(new JsonStringEnumConverter());

        // CUSTOM: unset optional properties must be left out, not sent as null (the API rejects some nulls).
        settings.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    }
}
