namespace Replicate.Tools.Drift;

/// <summary>
/// One reported change. <see cref="Location"/> is a JSON pointer into the new document (the old one for removals)
/// read with <c>$ref</c>s followed, so it stays the same whether a schema sits inline or in a component.
/// </summary>
internal sealed record DriftChange(string Id, DriftLevel Level, string Operation, string Location, string Message);

/// <summary>The outcome of a diff: every change in report order, with counts and the implied version bump.</summary>
internal sealed class DiffResult
{
    public DiffResult(IEnumerable<DriftChange> changes)
    {
        Changes = changes
            .OrderBy(c => c.Level)
            .ThenBy(c => c.Operation, StringComparer.Ordinal)
            .ThenBy(c => c.Location, StringComparer.Ordinal)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .ThenBy(c => c.Message, StringComparer.Ordinal)
            .ToList();
    }

    public IReadOnlyList<DriftChange> Changes { get; }

    public int Breaking => Count(DriftLevel.Breaking);

    public int Warnings => Count(DriftLevel.Warning);

    public int Infos => Count(DriftLevel.Info);

    /// <summary>Major when any change breaks the wire or the C# API, minor for additions, patch otherwise (no change included).</summary>
    public VersionBump SuggestedBump =>
        Changes.Count == 0 ? VersionBump.Patch : Changes.Max(c => DriftRules.Get(c.Id).Bump);

    private int Count(DriftLevel level) => Changes.Count(c => c.Level == level);
}
