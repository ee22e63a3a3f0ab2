namespace Replicate.Tools.Drift;

/// <summary>How much a change matters to this client (not to HTTP clients in general).</summary>
internal enum DriftLevel
{
    /// <summary>A client built from the old document can fail against the new server, or lose data it reads.</summary>
    Breaking,

    /// <summary>Old clients keep working, but behaviour or C# names change: a person should look.</summary>
    Warning,

    /// <summary>An addition or a relaxation.</summary>
    Info,
}

/// <summary>The SemVer part of the client package a change implies.</summary>
internal enum VersionBump
{
    Patch,
    Minor,
    Major,
}

/// <summary>One rule of the catalog: its id (oasdiff's where one exists), level and implied version bump.</summary>
internal sealed record DriftRule(string Id, DriftLevel Level, VersionBump Bump);

/// <summary>
/// The rule catalog. <c>docs/drift-rules.md</c> explains each rule; a test keeps the two in step.
/// The bump is about the package's public C# API, so it can be higher than the level: a removed request
/// parameter is only a warning on the wire (the server ignores it) but removes a C# method parameter.
/// </summary>
internal static class DriftRules
{
    public const string RequestParameter = "request-parameter";
    public const string RequestBody = "request-body";
    public const string RequestProperty = "request-property";
    public const string ResponseBody = "response-body";
    public const string ResponseProperty = "response-property";

    private static readonly Dictionary<string, DriftRule> Catalog = Build();

    public static IReadOnlyCollection<DriftRule> All => Catalog.Values;

    public static DriftRule Get(string id) =>
        Catalog.TryGetValue(id, out var rule) ? rule : throw new InvalidOperationException($"drift rule '{id}' is not in the catalog");

    private static Dictionary<string, DriftRule> Build()
    {
        var rules = new List<DriftRule>();
        void Add(string id, DriftLevel level, VersionBump bump) => rules.Add(new DriftRule(id, level, bump));

        // Operations.
        Add("api-path-removed", DriftLevel.Breaking, VersionBump.Major);
        Add("api-removed", DriftLevel.Breaking, VersionBump.Major);
        Add("api-path-added", DriftLevel.Info, VersionBump.Minor);
        Add("endpoint-added", DriftLevel.Info, VersionBump.Minor);
        Add("endpoint-deprecated", DriftLevel.Info, VersionBump.Patch);

        // Parameters.
        Add("new-required-request-parameter", DriftLevel.Breaking, VersionBump.Major);
        Add("new-optional-request-parameter", DriftLevel.Info, VersionBump.Minor);
        Add("request-parameter-removed", DriftLevel.Warning, VersionBump.Major);
        Add("request-parameter-became-required", DriftLevel.Breaking, VersionBump.Major);
        Add("request-parameter-became-optional", DriftLevel.Info, VersionBump.Minor);

        // Request bodies.
        Add("request-body-added-required", DriftLevel.Breaking, VersionBump.Major);
        Add("request-body-added-optional", DriftLevel.Info, VersionBump.Minor);
        Add("request-body-removed", DriftLevel.Warning, VersionBump.Major);
        Add("request-body-became-required", DriftLevel.Breaking, VersionBump.Major);
        Add("request-body-became-optional", DriftLevel.Info, VersionBump.Minor);
        Add("request-body-media-type-removed", DriftLevel.Breaking, VersionBump.Major);
        Add("request-body-media-type-added", DriftLevel.Info, VersionBump.Minor);
        Add("new-required-request-property", DriftLevel.Breaking, VersionBump.Major);
        Add("new-optional-request-property", DriftLevel.Info, VersionBump.Minor);
        Add("request-property-removed", DriftLevel.Warning, VersionBump.Major);
        Add("request-property-became-required", DriftLevel.Breaking, VersionBump.Major);
        Add("request-property-became-optional", DriftLevel.Info, VersionBump.Minor);

        // Request schemas, wherever they sit: a parameter, the body itself, or a property inside the body.
        foreach (var prefix in new[] { RequestParameter, RequestBody, RequestProperty })
        {
            Add($"{prefix}-type-changed", DriftLevel.Breaking, VersionBump.Major);
            Add($"{prefix}-type-generalized", DriftLevel.Info, VersionBump.Minor);
            Add($"{prefix}-became-nullable", DriftLevel.Info, VersionBump.Minor);
            Add($"{prefix}-became-not-nullable", DriftLevel.Warning, VersionBump.Major);
            Add($"{prefix}-became-enum", DriftLevel.Breaking, VersionBump.Major);
            Add($"{prefix}-enum-value-removed", DriftLevel.Breaking, VersionBump.Major);
            Add($"{prefix}-enum-value-added", DriftLevel.Info, VersionBump.Minor);
            Add($"{prefix}-pattern-added", DriftLevel.Warning, VersionBump.Patch);
            Add($"{prefix}-pattern-changed", DriftLevel.Warning, VersionBump.Patch);
            Add($"{prefix}-pattern-removed", DriftLevel.Info, VersionBump.Patch);
            Add($"{prefix}-default-value-changed", DriftLevel.Warning, VersionBump.Patch);
            Add($"{prefix}-default-value-added", DriftLevel.Info, VersionBump.Patch);
            Add($"{prefix}-default-value-removed", DriftLevel.Info, VersionBump.Patch);
            foreach (var bound in new[] { "max-length", "max", "max-items" })
            {
                Add($"{prefix}-{bound}-decreased", DriftLevel.Warning, VersionBump.Patch);
                Add($"{prefix}-{bound}-set", DriftLevel.Warning, VersionBump.Patch);
                Add($"{prefix}-{bound}-increased", DriftLevel.Info, VersionBump.Patch);
                Add($"{prefix}-{bound}-unset", DriftLevel.Info, VersionBump.Patch);
            }

            foreach (var bound in new[] { "min-length", "min", "min-items" })
            {
                Add($"{prefix}-{bound}-increased", DriftLevel.Warning, VersionBump.Patch);
                Add($"{prefix}-{bound}-set", DriftLevel.Warning, VersionBump.Patch);
                Add($"{prefix}-{bound}-decreased", DriftLevel.Info, VersionBump.Patch);
                Add($"{prefix}-{bound}-unset", DriftLevel.Info, VersionBump.Patch);
            }
        }

        // Responses.
        Add("response-success-status-removed", DriftLevel.Breaking, VersionBump.Major);
        Add("response-success-status-added", DriftLevel.Warning, VersionBump.Minor);
        Add("response-non-success-status-removed", DriftLevel.Info, VersionBump.Patch);
        Add("response-non-success-status-added", DriftLevel.Info, VersionBump.Patch);
        Add("response-media-type-removed", DriftLevel.Breaking, VersionBump.Major);
        Add("response-media-type-added", DriftLevel.Info, VersionBump.Minor);
        Add("response-header-removed", DriftLevel.Warning, VersionBump.Patch);
        Add("response-header-added", DriftLevel.Info, VersionBump.Patch);
        Add("response-property-removed", DriftLevel.Breaking, VersionBump.Major);
        Add("response-required-property-added", DriftLevel.Info, VersionBump.Minor);
        Add("response-optional-property-added", DriftLevel.Info, VersionBump.Minor);
        Add("response-property-became-optional", DriftLevel.Breaking, VersionBump.Major);
        Add("response-property-became-required", DriftLevel.Info, VersionBump.Minor);
        foreach (var prefix in new[] { ResponseBody, ResponseProperty })
        {
            Add($"{prefix}-type-changed", DriftLevel.Breaking, VersionBump.Major);
            Add($"{prefix}-type-specialized", DriftLevel.Info, VersionBump.Minor);
            Add($"{prefix}-became-nullable", DriftLevel.Breaking, VersionBump.Major);
            Add($"{prefix}-became-not-nullable", DriftLevel.Info, VersionBump.Minor);
            Add($"{prefix}-enum-value-added", DriftLevel.Warning, VersionBump.Minor);
            Add($"{prefix}-enum-value-removed", DriftLevel.Info, VersionBump.Patch);
        }

        // Pinned models (models/models.lock.json): a version's input and output schema against the latest version's.
        // Stricter than the HTTP rules above: Cog rejects an out-of-range input before the model runs, so a narrowed
        // bound breaks the callers that relied on the old one. The bump is about Replicate.Models' typed classes.
        Add("model-version-changed", DriftLevel.Info, VersionBump.Patch);
        Add("model-input-removed", DriftLevel.Breaking, VersionBump.Major);
        Add("model-required-input-added", DriftLevel.Breaking, VersionBump.Major);
        Add("model-optional-input-added", DriftLevel.Info, VersionBump.Minor);
        Add("model-input-became-required", DriftLevel.Breaking, VersionBump.Major);
        Add("model-input-became-optional", DriftLevel.Info, VersionBump.Minor);
        Add("model-input-type-changed", DriftLevel.Breaking, VersionBump.Major);
        Add("model-input-range-narrowed", DriftLevel.Breaking, VersionBump.Major);
        Add("model-input-range-widened", DriftLevel.Info, VersionBump.Patch);
        Add("model-input-length-narrowed", DriftLevel.Breaking, VersionBump.Major);
        Add("model-input-length-widened", DriftLevel.Info, VersionBump.Patch);
        Add("model-input-became-enum", DriftLevel.Breaking, VersionBump.Major);
        Add("model-input-enum-removed", DriftLevel.Info, VersionBump.Major);
        Add("model-input-enum-value-removed", DriftLevel.Breaking, VersionBump.Major);
        Add("model-input-enum-value-added", DriftLevel.Info, VersionBump.Minor);
        Add("model-input-pattern-added", DriftLevel.Breaking, VersionBump.Major);
        Add("model-input-pattern-changed", DriftLevel.Breaking, VersionBump.Major);
        Add("model-input-pattern-removed", DriftLevel.Info, VersionBump.Patch);
        Add("model-input-format-added", DriftLevel.Breaking, VersionBump.Major);
        Add("model-input-format-removed", DriftLevel.Info, VersionBump.Major);
        Add("model-input-became-not-nullable", DriftLevel.Breaking, VersionBump.Major);
        Add("model-input-became-nullable", DriftLevel.Info, VersionBump.Patch);
        Add("model-input-default-changed", DriftLevel.Warning, VersionBump.Patch);
        Add("model-output-type-changed", DriftLevel.Breaking, VersionBump.Major);

        // The C# surface: changes the wire cannot see.
        Add("api-operation-id-changed", DriftLevel.Warning, VersionBump.Major);
        Add("path-parameter-renamed", DriftLevel.Warning, VersionBump.Major);
        Add("component-renamed", DriftLevel.Warning, VersionBump.Major);
        Add("inline-schema-extracted", DriftLevel.Warning, VersionBump.Major);
        Add("component-inlined", DriftLevel.Warning, VersionBump.Major);
        Add("component-ref-changed", DriftLevel.Warning, VersionBump.Major);

        // Agents: the MCP server's tools, one per operation, called by name.
        Add("mcp-tool-renamed", DriftLevel.Breaking, VersionBump.Major);

        return rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
    }
}
