namespace Replicate.Testing;

/// <summary>A collection of models the fake lists and serves.</summary>
public sealed class FakeCollection
{
    /// <summary>Creates a collection with the given slug and name.</summary>
    public FakeCollection(string slug, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(slug);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Slug = slug;
        Name = name;
    }

    /// <summary>The slug (<c>text-to-image</c>).</summary>
    public string Slug { get; }

    /// <summary>The display name.</summary>
    public string Name { get; }

    /// <summary>The description.</summary>
    public string Description { get; init; } = "A fake collection.";

    /// <summary>Its models (each added to the fake as well).</summary>
    public IReadOnlyList<FakeModel> Models { get; init; } = [];
}
