namespace Replicate.Testing;

/// <summary>
/// A model the fake knows, with the script its predictions follow. Add it with <see cref="FakeReplicate.AddModel(FakeModel)"/>;
/// it then appears in the model endpoints (list, get, search, versions, readme, examples) and can be run by reference
/// (<c>owner/name</c>, <c>owner/name:version</c>) or through a deployment.
/// </summary>
public sealed class FakeModel
{
    /// <summary>Creates a model <c>owner/name</c>.</summary>
    public FakeModel(string owner, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Owner = owner;
        Name = name;
    }

    /// <summary>The owner (user or organization).</summary>
    public string Owner { get; }

    /// <summary>The model's name.</summary>
    public string Name { get; }

    /// <summary>How its predictions run.</summary>
    public FakeRunScript Script { get; init; } = FakeRunScript.Default;

    /// <summary>How its trainings run (their output names the new version).</summary>
    public FakeRunScript TrainingScript { get; init; } = FakeRunScript.Default;

    /// <summary>The id of its latest version; default a stable 64-hex id derived from the name.</summary>
    public string? VersionId { get; init; }

    /// <summary>The version's <c>openapi_schema</c> as JSON text; default a minimal Cog schema (a <c>prompt</c> input, a string output).</summary>
    public string? OpenApiSchema { get; init; }

    /// <summary>The README served as <c>text/plain</c>; none (404) by default.</summary>
    public string? Readme { get; init; }

    /// <summary>The description shown in lists and found by search.</summary>
    public string Description { get; init; } = "A fake model.";

    /// <summary><c>public</c> (default) or <c>private</c>.</summary>
    public string Visibility { get; init; } = "public";

    /// <summary>Whether it is an official model.</summary>
    public bool IsOfficial { get; init; }

    /// <summary>How many times it has been run, as the API reports it.</summary>
    public long RunCount { get; init; }

    /// <summary><c>owner/name</c>.</summary>
    public override string ToString() => Owner + "/" + Name;
}
