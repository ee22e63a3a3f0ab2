namespace Replicate.Tools.Drift;

/// <summary>A document given to <c>spec diff</c> cannot be read as OpenAPI 3.0/3.1: exit code 2 with this one-line message.</summary>
internal sealed class SpecInputException(string message) : Exception(message);
