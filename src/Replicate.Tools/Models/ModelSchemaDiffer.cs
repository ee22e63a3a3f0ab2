using System.Globalization;
using System.Text.Json.Nodes;
using Replicate.Tools.Drift;

namespace Replicate.Tools.Models;

/// <summary>
/// Classifies how a model's schema changed between two versions with the <c>model-*</c> rules of
/// <see cref="DriftRules"/> (docs/drift-rules.md, "Pinned models"). Both sides are read through
/// <see cref="ModelFacets"/>, so an enum inline or behind <c>allOf</c>/<c>$ref</c> compares the same.
/// </summary>
internal sealed class ModelSchemaDiffer
{
    private readonly List<DriftChange> _changes = [];
    private readonly string _model;

    private ModelSchemaDiffer(string model) => _model = model;

    public static DiffResult Diff(string model, string oldVersion, JsonObject oldSchema, string newVersion, JsonObject newSchema)
    {
        var differ = new ModelSchemaDiffer(model);
        if (oldVersion != newVersion)
        {
            differ.Report("model-version-changed", "", $"latest version {Short(newVersion)} (pinned: {Short(oldVersion)})");
        }

        differ.Compare(ModelFacets.Read(oldSchema), ModelFacets.Read(newSchema));
        return new DiffResult(differ._changes);
    }

    private static string Short(string version) => version.Length > 12 ? version[..12] : version;

    private void Report(string id, string location, string message) =>
        _changes.Add(new DriftChange(id, DriftRules.Get(id).Level, _model, location, message));

    private void Compare(ModelFacets old, ModelFacets @new)
    {
        var newInputs = @new.Inputs.ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var input in old.Inputs)
        {
            var location = "/" + input.Name;
            if (!newInputs.TryGetValue(input.Name, out var now))
            {
                Report("model-input-removed", location, $"input {input.Name} was removed");
                continue;
            }

            if (!input.Required && now.Required)
            {
                Report("model-input-became-required", location, $"input {input.Name} is now required");
            }
            else if (input.Required && !now.Required)
            {
                Report("model-input-became-optional", location, $"input {input.Name} is now optional");
            }

            CompareSchema(location, input.Name, input.Facet, now.Facet);
            if (input.Facet.Default != now.Facet.Default && input.Facet.Default is not null && now.Facet.Default is not null)
            {
                Report("model-input-default-changed", location, $"default {input.Facet.Default} -> {now.Facet.Default}");
            }
        }

        var oldNames = old.Inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var input in @new.Inputs.Where(i => !oldNames.Contains(i.Name)))
        {
            Report(input.Required ? "model-required-input-added" : "model-optional-input-added", "/" + input.Name,
                $"{(input.Required ? "required" : "optional")} input {input.Name} ({Describe(input.Facet)}) was added");
        }

        if (old.Output is { } before && @new.Output is { } after && Shape(before) != Shape(after))
        {
            Report("model-output-type-changed", "#output", $"output {Shape(before)} -> {Shape(after)}");
        }
    }

    private void CompareSchema(string location, string name, ModelFacet old, ModelFacet now)
    {
        if (old.Type != now.Type)
        {
            Report("model-input-type-changed", location, $"{name}: type {Or(old.Type)} -> {Or(now.Type)}");
            return;   // bounds of another type say nothing comparable
        }

        if (old.Nullable && !now.Nullable)
        {
            Report("model-input-became-not-nullable", location, $"{name} no longer accepts null");
        }
        else if (!old.Nullable && now.Nullable)
        {
            Report("model-input-became-nullable", location, $"{name} accepts null now");
        }

        CompareBound(location, name, "minimum", old.Minimum, old.ExclusiveMinimum, now.Minimum, now.ExclusiveMinimum, lower: true);
        CompareBound(location, name, "maximum", old.Maximum, old.ExclusiveMaximum, now.Maximum, now.ExclusiveMaximum, lower: false);
        if (old.MultipleOf != now.MultipleOf)
        {
            // A new step, or one that is not a divisor of the old step, rejects values that were fine.
            var narrowed = now.MultipleOf is { } step && (old.MultipleOf is not { } was || Math.Abs(Math.IEEERemainder(was, step)) > 1e-9);
            Report(narrowed ? "model-input-range-narrowed" : "model-input-range-widened", location,
                $"{name}: multipleOf {Number(old.MultipleOf)} -> {Number(now.MultipleOf)}");
        }

        CompareLength(location, name, "minLength", old.MinLength, now.MinLength, lower: true);
        CompareLength(location, name, "maxLength", old.MaxLength, now.MaxLength, lower: false);

        if (old.Pattern != now.Pattern)
        {
            var id = old.Pattern is null ? "model-input-pattern-added" : now.Pattern is null ? "model-input-pattern-removed" : "model-input-pattern-changed";
            Report(id, location, $"{name}: pattern {old.Pattern ?? "(none)"} -> {now.Pattern ?? "(none)"}");
        }

        if (old.Format != now.Format)
        {
            Report(now.Format is null ? "model-input-format-removed" : "model-input-format-added", location,
                $"{name}: format {old.Format ?? "(none)"} -> {now.Format ?? "(none)"}");
        }

        CompareEnum(location, name, old.Enum, now.Enum);
        if (old.Items is { } oldItems && now.Items is { } newItems)
        {
            CompareSchema(location + "/items", name + " items", oldItems, newItems);
        }
    }

    private void CompareBound(string location, string name, string keyword, double? old, bool oldExclusive, double? now, bool nowExclusive, bool lower)
    {
        if (old == now && oldExclusive == nowExclusive)
        {
            return;
        }

        bool narrowed;
        if (now is not { } n)
        {
            narrowed = false;
        }
        else if (old is not { } o)
        {
            narrowed = true;
        }
        else
        {
            narrowed = lower ? n > o || n == o && nowExclusive && !oldExclusive : n < o || n == o && nowExclusive && !oldExclusive;
        }

        Report(narrowed ? "model-input-range-narrowed" : "model-input-range-widened", location,
            $"{name}: {keyword} {Bound(old, oldExclusive)} -> {Bound(now, nowExclusive)}");
    }

    private void CompareLength(string location, string name, string keyword, int? old, int? now, bool lower)
    {
        if (old == now)
        {
            return;
        }

        var narrowed = now is { } n && (old is not { } o || (lower ? n > o : n < o));
        Report(narrowed ? "model-input-length-narrowed" : "model-input-length-widened", location,
            $"{name}: {keyword} {old?.ToString(CultureInfo.InvariantCulture) ?? "(none)"} -> {now?.ToString(CultureInfo.InvariantCulture) ?? "(none)"}");
    }

    private void CompareEnum(string location, string name, IReadOnlyList<string>? old, IReadOnlyList<string>? now)
    {
        if (old is null && now is null)
        {
            return;
        }

        if (old is null)
        {
            Report("model-input-became-enum", location, $"{name} accepts only {string.Join(", ", now!)} now");
            return;
        }

        if (now is null)
        {
            Report("model-input-enum-removed", location, $"{name} accepts any value now (was one of {string.Join(", ", old)})");
            return;
        }

        foreach (var removed in old.Except(now, StringComparer.Ordinal))
        {
            Report("model-input-enum-value-removed", location, $"{name}: value {removed} was removed");
        }

        foreach (var added in now.Except(old, StringComparer.Ordinal))
        {
            Report("model-input-enum-value-added", location, $"{name}: value {added} was added");
        }
    }

    private static string Shape(ModelFacet facet) =>
        Or(facet.Type) + (facet.Format is { } f ? $"({f})" : "") + (facet.Items is { } items ? $"[{Shape(items)}]" : "") + (facet.Concatenate ? " concatenated" : "");

    private static string Describe(ModelFacet facet) => Shape(facet) + (facet.Enum is { } values ? $" one of {string.Join(", ", values)}" : "");

    private static string Or(string type) => type.Length == 0 ? "any" : type;

    private static string Bound(double? value, bool exclusive) =>
        value is { } v ? (exclusive ? "exclusive " : "") + Number(v) : "(none)";

    private static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "(none)";
}
