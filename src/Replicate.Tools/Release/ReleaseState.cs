using System.Text.Json.Nodes;
using Replicate.Tools.Normalization;

namespace Replicate.Tools.Release;

/// <summary>
/// <c>version.json</c>: the last release's version and the spec it was generated from. The build reads it to stamp
/// packages (eng/Packaging.targets); <c>make release</c> rewrites it.
/// </summary>
internal sealed record ReleaseState(SemanticVersion Version, string SpecSha256, string BaselineSha256)
{
    public static ReleaseState Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path}: no such file; it records the last release (version, spec_sha256, baseline_sha256)");
        }

        var json = JsonUtil.ParseObject(File.ReadAllText(path), path);
        return new ReleaseState(
            SemanticVersion.Parse(Read(json, "version", path)),
            Sha(json, "spec_sha256", path),
            Sha(json, "baseline_sha256", path));
    }

    /// <summary>The file's text: sorted keys, so a release changes exactly three lines.</summary>
    public string ToText() => JsonUtil.ToStableText(new JsonObject
    {
        ["version"] = Version.ToString(),
        ["spec_sha256"] = SpecSha256,
        ["baseline_sha256"] = BaselineSha256,
    });

    private static string Read(JsonObject json, string key, string path) =>
        json[key] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new InvalidDataException($"{path}: \"{key}\" must be a string");

    private static string Sha(JsonObject json, string key, string path)
    {
        var text = Read(json, key, path);
        return text.Length == 64 && text.All(char.IsAsciiHexDigitLower)
            ? text
            : throw new InvalidDataException($"{path}: \"{key}\" must be a lowercase hex sha256");
    }
}
