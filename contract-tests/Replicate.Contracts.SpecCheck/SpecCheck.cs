using System.Text.Json;
using System.Text.Json.Nodes;

namespace Replicate.Contracts.SpecCheck;

/// <summary>What to check: the normalized document, the pact folder, where to write working files.</summary>
/// <param name="SpecFile">The normalized OpenAPI document (as the spec tool writes it).</param>
/// <param name="PactDirectory">The folder of pact files (<c>*.json</c>).</param>
/// <param name="WorkDirectory">Where the validation document and the rewritten pacts go (never committed).</param>
/// <param name="RequireAllOperations">Fail when an operation of the document has no interaction.</param>
/// <param name="ReleasedSpecFile">
/// The baseline of the last release: an operation it has (same method and path) must keep its interaction, or the check
/// fails; an operation new since then without one is listed as owed and does not fail (nightly drift adds them).
/// </param>
/// <param name="InteractionsPerValidator">Below this many interactions per part, a pact is not split further.</param>
/// <param name="MaxValidators">How many validator processes may run at once (one per processor by default).</param>
internal sealed record SpecCheckOptions(
    string SpecFile,
    string PactDirectory,
    string WorkDirectory,
    bool RequireAllOperations,
    string? ReleasedSpecFile = null,
    int InteractionsPerValidator = 8,
    int MaxValidators = 0);

/// <summary>Checks every pact against the document and reports findings and coverage; returns the exit code.</summary>
internal static class SpecCheck
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>0 when every interaction agrees with the document (and, if required, every operation is covered); else 1.</summary>
    internal static async Task<int> RunAsync(SpecCheckOptions options, TextWriter output, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(options.SpecFile))
        {
            await output.WriteLineAsync($"pact-vs-spec: no document at {options.SpecFile}.").ConfigureAwait(false);
            return 1;
        }

        var pactFiles = Directory.Exists(options.PactDirectory)
            ? Directory.GetFiles(options.PactDirectory, "*.json").Order(StringComparer.Ordinal).ToList()
            : [];
        if (pactFiles.Count == 0)
        {
            await output.WriteLineAsync(
                $"pact-vs-spec: no pact files in {options.PactDirectory}; run the consumer tests first (make contract).").ConfigureAwait(false);
            return 1;
        }

        var normalized = JsonNode.Parse(await File.ReadAllTextAsync(options.SpecFile, cancellationToken).ConfigureAwait(false))!.AsObject();
        var rewritten = Path.Combine(options.WorkDirectory, "pacts");
        if (Directory.Exists(rewritten))
        {
            Directory.Delete(rewritten, recursive: true);
        }

        Directory.CreateDirectory(rewritten);
        var specFile = Path.Combine(options.WorkDirectory, "replicate.validation.json");
        await File.WriteAllTextAsync(specFile, ValidationSpec.Build(normalized).ToJsonString(Indented), cancellationToken).ConfigureAwait(false);

        var coverage = new OperationCoverage(normalized);
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var failed = false;
        var interactionCount = 0;
        await output.WriteLineAsync(
            $"pact-vs-spec: {pactFiles.Count} pact file(s) against {options.SpecFile} "
            + $"(paths under {ValidationSpec.ApiPrefix}, QUERY checked as POST {ValidationSpec.QueryPrefix}/…, documented error statuses added)").ConfigureAwait(false);

        foreach (var pactFile in pactFiles)
        {
            var pact = JsonNode.Parse(await File.ReadAllTextAsync(pactFile, cancellationToken).ConfigureAwait(false))!.AsObject();
            var interactions = PactRewriter.Interactions(pact);
            interactionCount += interactions.Count;
            foreach (var interaction in interactions)
            {
                var (method, path) = Request(interaction);
                if (coverage.Find(method, path) is { } id)
                {
                    covered.Add(id);
                }
                else
                {
                    failed = true;
                    await output.WriteLineAsync(
                        $"  error: \"{Description(interaction)}\" ({method} {path}) matches no operation of the document").ConfigureAwait(false);
                }
            }

            var findings = await ValidateInPartsAsync(pact, Path.Combine(rewritten, Path.GetFileNameWithoutExtension(pactFile)), specFile, options, cancellationToken)
                .ConfigureAwait(false);
            var errors = findings.Count(f => f.Finding.Type == "error");
            await output.WriteLineAsync(
                $"  {Path.GetFileName(pactFile)}: {interactions.Count} interactions, {errors} error(s), {findings.Count - errors} warning(s)").ConfigureAwait(false);
            foreach (var (finding, offset) in findings.OrderBy(f => f.Finding.Type == "error" ? 0 : 1))
            {
                await output.WriteLineAsync("    " + Describe(finding, offset, interactions)).ConfigureAwait(false);
            }

            failed |= errors > 0;
        }

        var all = coverage.All;
        var missing = all.Where(id => !covered.Contains(id)).ToList();
        await output.WriteLineAsync($"contracts: {covered.Count}/{all.Count} operations ({interactionCount} interactions)").ConfigureAwait(false);
        var released = options.ReleasedSpecFile is { } releasedFile
            ? new OperationCoverage(JsonNode.Parse(await File.ReadAllTextAsync(releasedFile, cancellationToken).ConfigureAwait(false))!.AsObject())
            : null;
        var owed = options.RequireAllOperations || released is null ? [] : missing.Where(id => !released.HasSameEndpoint(coverage, id)).ToList();
        var lost = missing.Except(owed).ToList();
        if (lost.Count > 0)
        {
            var why = released is null ? string.Empty : " (operations of the last release: each must keep its contract)";
            await output.WriteLineAsync($"  without an interaction{why}: " + string.Join(", ", lost)).ConfigureAwait(false);
            failed |= options.RequireAllOperations || released is not null;
        }

        if (owed.Count > 0)
        {
            await output.WriteLineAsync("  owed (new since the last release, no contract yet): " + string.Join(", ", owed)).ConfigureAwait(false);
        }

        // For the nightly drift job's checklist (replicate-tools spec checklist --coverage): which operations still owe a contract.
        var coverageFile = new JsonObject
        {
            ["operations"] = all.Count,
            ["covered"] = new JsonArray(covered.Order(StringComparer.Ordinal).Select(id => (JsonNode)id).ToArray()),
            ["owed"] = new JsonArray(owed.Select(id => (JsonNode)id).ToArray()),
            ["lost"] = new JsonArray(lost.Select(id => (JsonNode)id).ToArray()),
        };
        await File.WriteAllTextAsync(Path.Combine(options.WorkDirectory, "coverage.json"), coverageFile.ToJsonString(Indented), cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(failed ? "pact-vs-spec: FAILED" : "pact-vs-spec: OK").ConfigureAwait(false);
        return failed ? 1 : 0;
    }

    /// <summary>
    /// Validates the pact's interactions in as many parts as there are processors, in parallel: the validator compiles
    /// its JSON schemas afresh for every body and parameter it checks, so its time grows with the interactions and one
    /// process keeps one core busy. Each finding comes back with the index of its part's first interaction.
    /// </summary>
    private static async Task<List<(Finding Finding, int Offset)>> ValidateInPartsAsync(
        JsonObject pact, string pathPrefix, string specFile, SpecCheckOptions options, CancellationToken cancellationToken)
    {
        var all = PactRewriter.Interactions(PactRewriter.ForValidator(pact));
        var maxParts = options.MaxValidators > 0 ? options.MaxValidators : Environment.ProcessorCount;
        var parts = Math.Clamp(all.Count / Math.Max(options.InteractionsPerValidator, 1), 1, maxParts);
        var size = Math.Max(1, (all.Count + parts - 1) / parts);
        var runs = new List<Task<(ValidatorOutcome Outcome, int Offset)>>();
        for (var offset = 0; offset == 0 || offset < all.Count; offset += size)
        {
            var part = pact.DeepClone().AsObject();
            part["interactions"] = new JsonArray(all.Skip(offset).Take(size).Select(i => i.DeepClone()).ToArray());
            var file = $"{pathPrefix}.{runs.Count}.json";
            await File.WriteAllTextAsync(file, part.ToJsonString(), cancellationToken).ConfigureAwait(false);
            var start = offset;
            runs.Add(Task.Run(async () => (await ValidatorRunner.RunAsync(file, specFile, cancellationToken).ConfigureAwait(false), start), cancellationToken));
        }

        var outcomes = await Task.WhenAll(runs).ConfigureAwait(false);
        var findings = new List<(Finding, int)>();
        foreach (var (outcome, offset) in outcomes)
        {
            if (!outcome.Success && outcome.Errors.Count == 0)
            {
                findings.Add((new Finding("validator.failed", "error", outcome.FailureReason ?? "the validator reported a failure", null, null, null), offset));
            }

            findings.AddRange(outcome.Errors.Concat(outcome.Warnings).Select(f => (f, offset)));
        }

        return findings;
    }

    /// <summary><c>error request.body.incompatible in "…" (POST /v1/models): …</c>, with the original method and path.</summary>
    private static string Describe(Finding finding, int offset, IReadOnlyList<JsonObject> interactions)
    {
        var where = string.Empty;
        if (InteractionIndex(finding.MockLocation) is { } index && index + offset < interactions.Count)
        {
            var (method, path) = Request(interactions[index + offset]);
            where = $" ({method} {path})";
        }

        return $"{finding.Type} {finding.Code} in \"{finding.Interaction}\"{where}: {finding.Message}"
            + (finding.SpecLocation is null ? string.Empty : $" [spec: {finding.SpecLocation}]");
    }

    private static int? InteractionIndex(string? location)
    {
        const string Marker = "[root].interactions[";
        if (location is null || !location.StartsWith(Marker, StringComparison.Ordinal))
        {
            return null;
        }

        var end = location.IndexOf(']', Marker.Length);
        return end > 0 && int.TryParse(location.AsSpan(Marker.Length, end - Marker.Length), out var index) ? index : null;
    }

    private static (string Method, string Path) Request(JsonObject interaction) =>
        (interaction["request"]?["method"]?.GetValue<string>() ?? "GET", interaction["request"]?["path"]?.GetValue<string>() ?? "/");

    private static string Description(JsonObject interaction) => interaction["description"]?.GetValue<string>() ?? "(no description)";
}
