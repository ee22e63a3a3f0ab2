using System.Text.Json;

namespace Replicate.Mcp.Catalog;

/// <summary>One operation of the generated catalog (<c>replicate-tools generate mcp-catalog</c>): what its tool sends and how it is described.</summary>
internal sealed record CatalogOperation
{
    public required string Name { get; init; }

    public required string OperationId { get; init; }

    /// <summary>The resource (the operation's tag, lower case): <c>predictions</c>, <c>models</c>, …</summary>
    public required string Resource { get; init; }

    public required string Method { get; init; }

    /// <summary>The path template under the API root: <c>/predictions/{prediction_id}</c>.</summary>
    public required string Path { get; init; }

    public required string Title { get; init; }

    public required string Description { get; init; }

    public required bool ReadOnly { get; init; }

    public required bool Destructive { get; init; }

    public required bool Idempotent { get; init; }

    /// <summary><c>create</c> (the prediction and training creates, 600 a minute) or <c>other</c> (3000 a minute).</summary>
    public required string RateClass { get; init; }

    /// <summary>A list page (<c>next</c>, <c>results</c>): the tool takes a <c>cursor</c>.</summary>
    public required bool Paged { get; init; }

    public required IReadOnlyList<CatalogParameter> Parameters { get; init; }

    /// <summary>Arguments that stand for an owner and name pair (<c>model</c> = <c>model_owner</c>/<c>model_name</c>).</summary>
    public required IReadOnlyList<CatalogShorthand> Shorthands { get; init; }

    public CatalogBody? Body { get; init; }

    public required int SuccessStatus { get; init; }

    public string? ResponseMediaType { get; init; }

    public required JsonElement InputSchema { get; init; }

    public JsonElement? OutputSchema { get; init; }
}

/// <summary>A path, query or header parameter; the tool's argument has its name.</summary>
internal sealed record CatalogParameter(string Name, string In, bool Required);

/// <summary><c>model</c> standing for <c>model_owner</c> and <c>model_name</c>.</summary>
internal sealed record CatalogShorthand(string Argument, string Owner, string Name);

/// <summary>
/// The request body: <c>fields</c> (a JSON or multipart object whose fields are top-level arguments) or <c>value</c>
/// (one argument that is the whole body, e.g. the search text).
/// </summary>
internal sealed record CatalogBody(string MediaType, string Kind, IReadOnlyList<string> Fields, string? Argument, bool Required);
