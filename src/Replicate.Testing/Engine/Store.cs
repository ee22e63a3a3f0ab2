using System.Text.Json.Nodes;

namespace Replicate.Testing.Engine;

/// <summary>A version of a model the fake holds.</summary>
internal sealed record VersionEntry(string Id, DateTimeOffset CreatedAt, string OpenApiSchema);

/// <summary>A model the fake holds: the test's <see cref="FakeModel"/> plus what the API changed (versions, fields).</summary>
internal sealed class ModelEntry(FakeModel model, DateTimeOffset createdAt)
{
    public FakeModel Model { get; } = model;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public List<VersionEntry> Versions { get; } = [];

    public string? Description { get; set; } = model.Description;

    public string? Readme { get; set; } = model.Readme;

    public string? GithubUrl { get; set; }

    public string? PaperUrl { get; set; }

    public string? LicenseUrl { get; set; }

    public string? CoverImageUrl { get; set; }

    public string Visibility { get; set; } = model.Visibility;

    public VersionEntry? Latest => Versions.Count == 0 ? null : Versions.MaxBy(v => v.CreatedAt);
}

/// <summary>A deployment the fake holds and its current release.</summary>
internal sealed class DeploymentEntry(string owner, string name)
{
    public string Owner { get; } = owner;

    public string Name { get; } = name;

    public required ModelEntry Model { get; set; }

    public required string VersionId { get; set; }

    public required string Hardware { get; set; }

    public int MinInstances { get; set; }

    public int MaxInstances { get; set; }

    public int Release { get; set; } = 1;

    public DateTimeOffset ReleasedAt { get; set; }
}

/// <summary>An uploaded file.</summary>
internal sealed record FileEntry(string Id, string Name, string ContentType, byte[] Content, JsonObject Metadata, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
