using System.Globalization;
using Replicate.Tools.Drift;

namespace Replicate.Tools.Release;

/// <summary>A release version, <c>major.minor.patch</c>. Releases carry no pre-release label; dev builds get theirs from the build.</summary>
internal readonly record struct SemanticVersion(int Major, int Minor, int Patch) : IComparable<SemanticVersion>
{
    public static SemanticVersion Parse(string text) =>
        TryParse(text, out var version)
            ? version
            : throw new InvalidDataException($"'{text}' is not a release version (major.minor.patch, digits only, no leading zeros)");

    public static bool TryParse(string? text, out SemanticVersion version)
    {
        version = default;
        var parts = text?.Split('.');
        if (parts is not { Length: 3 } || !parts.All(IsNumber))
        {
            return false;
        }

        version = new SemanticVersion(
            int.Parse(parts[0], CultureInfo.InvariantCulture),
            int.Parse(parts[1], CultureInfo.InvariantCulture),
            int.Parse(parts[2], CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>The next version for a bump: major resets minor and patch, minor resets patch.</summary>
    public SemanticVersion Next(VersionBump bump) => bump switch
    {
        VersionBump.Major => new SemanticVersion(Major + 1, 0, 0),
        VersionBump.Minor => new SemanticVersion(Major, Minor + 1, 0),
        _ => new SemanticVersion(Major, Minor, Patch + 1),
    };

    public int CompareTo(SemanticVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major)
        : Minor != other.Minor ? Minor.CompareTo(other.Minor)
        : Patch.CompareTo(other.Patch);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");

    // SemVer 2.0: numeric identifiers have no leading zeros; int.Parse must not overflow either.
    private static bool IsNumber(string part) =>
        part.Length is > 0 and <= 9 && part.All(char.IsAsciiDigit) && (part == "0" || part[0] != '0');
}
