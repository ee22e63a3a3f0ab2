using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Replicate.Tools.Normalization;
using Replicate.Tools.Spec;

namespace Replicate.Tools.Models;

/// <summary>One pinned model: which version, the sha256 of its structural schema, when and how it was retrieved.</summary>
/// <param name="Model"><c>owner/name</c>.</param>
/// <param name="TypeName">The C# name the generated types start with (<c>FluxSchnell</c> → <c>FluxSchnellInput</c>).</param>
/// <param name="Version">The pinned version id.</param>
/// <param name="Schema">The structural schema's path, relative to <c>models/</c>.</param>
/// <param name="SchemaSha256">sha256 of that file: the build refuses a schema that does not match.</param>
/// <param name="RetrievedAt">When the schema was fetched (or recorded), UTC.</param>
/// <param name="Source"><c>api</c> (fetched) or <c>recorded</c> (added from a file).</param>
internal sealed record PinnedModelEntry(string Model, string TypeName, string Version, string Schema, string SchemaSha256, DateTimeOffset RetrievedAt, string Source)
{
    public string Owner => Model[..Model.IndexOf('/', StringComparison.Ordinal)];

    public string Name => Model[(Model.IndexOf('/', StringComparison.Ordinal) + 1)..];
}

/// <summary>
/// <c>models/models.lock.json</c>: the models this repository pins, sorted by name. Structure only — ids, hashes,
/// dates; the schemas it names are the prose-free copies <see cref="StructuralModelSchema"/> writes.
/// </summary>
internal sealed partial class ModelLock
{
    private ModelLock(IReadOnlyList<PinnedModelEntry> models) => Models = models;

    public IReadOnlyList<PinnedModelEntry> Models { get; }

    public static ModelLock Empty { get; } = new([]);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$")]
    public static partial Regex ModelName();

    [GeneratedRegex("^[A-Za-z0-9]+$")]
    public static partial Regex VersionId();

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*$")]
    public static partial Regex TypeNamePattern();

    /// <summary>Reads the lock; a missing file is an empty lock.</summary>
    /// <exception cref="InvalidDataException">The file is not a lock this tool wrote.</exception>
    public static ModelLock Load(string path)
    {
        if (!File.Exists(path))
        {
            return Empty;
        }

        var root = JsonUtil.ParseObject(File.ReadAllText(path), path);
        if (root["models"] is not JsonArray models)
        {
            throw new InvalidDataException($"{path}: no \"models\" array");
        }

        var entries = new List<PinnedModelEntry>();
        foreach (var item in models)
        {
            if (item is not JsonObject entry)
            {
                throw new InvalidDataException($"{path}: every entry of \"models\" is an object");
            }

            string Text(string key) => entry[key] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0
                ? s
                : throw new InvalidDataException($"{path}: an entry has no \"{key}\"");
            var model = Text("model");
            var typeName = Text("type_name");
            var version = Text("version");
            var schema = Text("schema");
            if (!ModelName().IsMatch(model) || !VersionId().IsMatch(version) || !TypeNamePattern().IsMatch(typeName)
                || Path.IsPathRooted(schema) || schema.Split('/').Contains(".."))
            {
                throw new InvalidDataException($"{path}: the entry for {model} is malformed (model owner/name, version alphanumeric, type_name PascalCase, schema a path inside models/)");
            }

            entries.Add(new PinnedModelEntry(model, typeName, version, schema, Text("schema_sha256"),
                DateTimeOffset.Parse(Text("retrieved_at"), System.Globalization.CultureInfo.InvariantCulture), Text("source")));
        }

        var duplicate = entries.GroupBy(e => e.Model, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)
            ?? entries.GroupBy(e => e.TypeName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"{path}: {duplicate.Key} appears twice");
        }

        return new ModelLock(entries);
    }

    public PinnedModelEntry? Find(string model) => Models.FirstOrDefault(m => m.Model == model);

    /// <summary>A lock with <paramref name="entry"/> added or replacing the entry of the same model.</summary>
    public ModelLock With(PinnedModelEntry entry) =>
        new([.. Models.Where(m => m.Model != entry.Model).Append(entry).OrderBy(m => m.Model, StringComparer.Ordinal)]);

    public string Text()
    {
        var root = new JsonObject
        {
            ["models"] = new JsonArray([.. Models.Select(m => (JsonNode)new JsonObject
            {
                ["model"] = m.Model,
                ["type_name"] = m.TypeName,
                ["version"] = m.Version,
                ["schema"] = m.Schema,
                ["schema_sha256"] = m.SchemaSha256,
                ["retrieved_at"] = m.RetrievedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                ["source"] = m.Source,
            })]),
        };
        return JsonUtil.ToStableText(root);
    }

    /// <summary>Reads an entry's structural schema and checks it against the hash the lock recorded.</summary>
    /// <exception cref="InvalidDataException">Missing, or not the schema the lock names.</exception>
    public static JsonObject ReadSchema(RepoPaths paths, PinnedModelEntry entry)
    {
        var file = Path.Combine(paths.ModelsDir, entry.Schema);
        if (!File.Exists(file))
        {
            throw new InvalidDataException($"{paths.Display(paths.ModelsLock)}: {entry.Model} names {entry.Schema}, which does not exist");
        }

        var text = File.ReadAllText(file);
        var sha = StructuralModelSchema.Sha256(text);
        if (sha != entry.SchemaSha256)
        {
            throw new InvalidDataException($"{paths.Display(file)} has sha256 {sha}, but the lock records {entry.SchemaSha256} for {entry.Model}: "
                + "edit schemas only through 'replicate-tools model add|update'");
        }

        return JsonUtil.ParseObject(text, paths.Display(file));
    }

    /// <summary>The schema path of a version, relative to <c>models/</c>.</summary>
    public static string SchemaPath(string model, string version) => $"schemas/{model}/{version}.json";
}
