using System.Text.Json.Serialization;
using Replicate.Generated;

namespace Replicate.Client.Webhooks;

/// <summary>
/// Source-generated metadata for the payloads Replicate posts to webhooks, so that parsing them stays trim- and
/// AOT-safe (the generated clients' reflection-based settings are not). String enums mirror the clients' settings.
/// </summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(PredictionResponse))]
[JsonSerializable(typeof(TrainingResponse))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
