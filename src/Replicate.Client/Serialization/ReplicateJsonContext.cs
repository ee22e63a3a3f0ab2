using System.Text.Json.Serialization;
using Replicate.Generated;

namespace Replicate.Client.Serialization;

/// <summary>
/// Source-generated JSON metadata for the generated types the hand-written library reads itself (pages after
/// the first), so the library stays trim- and AOT-safe. Same conventions as the generated clients' settings.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(PredictionsListResponse))]
[JsonSerializable(typeof(TrainingsListResponse))]
[JsonSerializable(typeof(PaginatedModelResponse))]
[JsonSerializable(typeof(ModelsSearchResponse))]
[JsonSerializable(typeof(PaginatedVersionResponse))]
[JsonSerializable(typeof(PaginatedPredictionResponse))]
[JsonSerializable(typeof(PaginatedCollectionResponse))]
[JsonSerializable(typeof(DeploymentsListResponse))]
[JsonSerializable(typeof(FilesListResponse))]
[JsonSerializable(typeof(PredictionResponse))]
[JsonSerializable(typeof(TrainingResponse))]
[JsonSerializable(typeof(FileResponseModel))]
internal sealed partial class ReplicateJsonContext : JsonSerializerContext;
