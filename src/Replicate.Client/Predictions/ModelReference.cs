namespace Replicate.Client.Predictions;

/// <summary>A model reference: <c>owner/name</c> or <c>owner/name:version</c>.</summary>
public sealed record ModelReference
{
    private ModelReference(string owner, string name, string? version)
    {
        Owner = owner;
        Name = name;
        Version = version;
    }

    /// <summary>The model's owner (user or organization).</summary>
    public string Owner { get; }

    /// <summary>The model's name.</summary>
    public string Name { get; }

    /// <summary>The version id, when the reference pins one.</summary>
    public string? Version { get; }

    /// <summary>Parses <c>owner/name</c> or <c>owner/name:version</c>; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static ModelReference Parse(string reference) =>
        TryParse(reference, out var parsed, out var error) ? parsed : throw new FormatException(error);

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? reference, out ModelReference result) => TryParse(reference, out result, out _);

    /// <summary>The reference as text.</summary>
    public override string ToString() => Version is null ? $"{Owner}/{Name}" : $"{Owner}/{Name}:{Version}";

    private static bool TryParse(string? reference, out ModelReference result, out string error)
    {
        result = null!;
        if (string.IsNullOrWhiteSpace(reference))
        {
            error = "A model reference is empty; expected 'owner/name' or 'owner/name:version'.";
            return false;
        }

        var text = reference.Trim();
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            error = $"'{text}' is not a model reference: expected 'owner/name' or 'owner/name:version' (a bare version id goes to the version overload).";
            return false;
        }

        var owner = text[..slash];
        var rest = text[(slash + 1)..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? rest : rest[..colon];
        var version = colon < 0 ? null : rest[(colon + 1)..];
        error = owner.Length == 0 ? $"'{text}' has no owner before the '/'."
            : name.Length == 0 ? $"'{text}' has no model name after the '/'."
            : name.Contains('/', StringComparison.Ordinal) ? $"'{text}' has more than one '/'; expected 'owner/name'."
            : version is { Length: 0 } ? $"'{text}' ends with ':' but names no version."
            : owner.Contains(':', StringComparison.Ordinal) ? $"'{text}' has a ':' in the owner."
            : ContainsWhiteSpace(text) ? $"'{text}' contains whitespace."
            : string.Empty;
        if (error.Length > 0)
        {
            return false;
        }

        result = new ModelReference(owner, name, version);
        return true;
    }

    private static bool ContainsWhiteSpace(string text) => text.Any(char.IsWhiteSpace);
}
