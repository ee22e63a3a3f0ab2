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
        var failed = false;
        var consumers = new List<(string Consumer, HashSet<string> Covered, int Interactions, HashSet<string> Canonical)>();
        await output.WriteLineAsync(
            $"pact-vs-spec: {pactFiles.Count} pact file(s) against {options.SpecFile} "
            + $"(paths under {ValidationSpec.ApiPrefix}, QUERY checked as POST {ValidationSpec.QueryPrefix}/…, documented error statuses added)").ConfigureAwait(false);

        foreach (var pactFile in pactFiles)
        {
            var pact = JsonNode.Parse(await File.ReadAllTextAsync(pactFile, cancellationToken).ConfigureAwait(false))!.AsObject();
            var interactions = PactRewriter.Interactions(pact);
            var covered = new HashSet<string>(StringComparer.Ordinal);
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
            consumers.Add((pact["consumer"]?["name"]?.GetValue<string>() ?? Path.GetFileNameWithoutExtension(pactFile), covered, interactions.Count,
                interactions.Select(Canonical).ToHashSet(StringComparer.Ordinal)));
        }

        // Each consumer (one per client flavour) is counted on its own: every flavour must cover every operation.
        var all = coverage.All;
        var released = options.ReleasedSpecFile is { } releasedFile
            ? new OperationCoverage(JsonNode.Parse(await File.ReadAllTextAsync(releasedFile, cancellationToken).ConfigureAwait(false))!.AsObject())
            : null;
        var allOwed = new SortedSet<string>(StringComparer.Ordinal);
        var allLost = new SortedSet<string>(StringComparer.Ordinal);
        var perConsumer = new JsonObject();
        foreach (var (consumer, covered, interactionCount, _) in consumers.OrderBy(c => c.Consumer, StringComparer.Ordinal))
        {
            var missing = all.Where(id => !covered.Contains(id)).ToList();
            var name = consumers.Count > 1 ? $" [{consumer}]" : string.Empty;
            await output.WriteLineAsync($"contracts: {covered.Count}/{all.Count} operations ({interactionCount} interactions){name}").ConfigureAwait(false);
            var owed = options.RequireAllOperations || released is null ? [] : missing.Where(id => !released.HasSameEndpoint(coverage, id)).ToList();
            var lost = missing.Except(owed).ToList();
            if (lost.Count > 0)
            {
                var why = released is null ? string.Empty : " (operations of the last release: each must keep its contract)";
                await output.WriteLineAsync($"  without an interaction{why}{name}: " + string.Join(", ", lost)).ConfigureAwait(false);
                failed |= options.RequireAllOperations || released is not null;
            }

            if (owed.Count > 0)
            {
                await output.WriteLineAsync($"  owed (new since the last release, no contract yet){name}: " + string.Join(", ", owed)).ConfigureAwait(false);
            }

            allOwed.UnionWith(owed);
            allLost.UnionWith(lost);
            perConsumer[consumer] = new JsonArray(covered.Order(StringComparer.Ordinal).Select(id => (JsonNode)id).ToArray());
        }

        // Wire equality of the client flavours: each consumer's pact holds exactly the same interactions (description,
        // provider states, request and response as recorded), so every flavour met the same expectations.
        if (consumers.Count > 1)
        {
            var first = consumers[0];
            var differing = consumers.Skip(1).Where(c => !c.Canonical.SetEquals(first.Canonical)).ToList();
            foreach (var other in differing)
            {
                failed = true;
                var only = other.Canonical.Except(first.Canonical).Concat(first.Canonical.Except(other.Canonical)).Select(DescriptionOf).Distinct();
                await output.WriteLineAsync(
                    $"  error: the pacts of {first.Consumer} and {other.Consumer} differ in: " + string.Join("; ", only)).ConfigureAwait(false);
            }

            if (differing.Count == 0)
            {
                await output.WriteLineAsync(
                    $"flavours: {string.Join(", ", consumers.Select(c => c.Consumer).Order(StringComparer.Ordinal))} met the same {first.Canonical.Count} interactions").ConfigureAwait(false);
            }
        }

        // For the nightly drift job's checklist (replicate-tools spec checklist --coverage): which operations still owe a
        // contract. An operation counts as covered when every consumer covers it.
        var coveredByAll = all.Where(id => consumers.All(c => c.Covered.Contains(id))).ToList();
        var coverageFile = new JsonObject
        {
            ["operations"] = all.Count,
            ["covered"] = new JsonArray(coveredByAll.Select(id => (JsonNode)id).ToArray()),
            ["owed"] = new JsonArray(allOwed.Select(id => (JsonNode)id).ToArray()),
            ["lost"] = new JsonArray(allLost.Select(id => (JsonNode)id).ToArray()),
            ["consumers"] = perConsumer,
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

    // An interaction as the pact records it, without the engine's bookkeeping (its key, pending flag and comments).
    private static string Canonical(JsonObject interaction)
    {
        var copy = interaction.DeepClone().AsObject();
        copy.Remove("key");
        copy.Remove("pending");
        copy.Remove("comments");
        // A multipart body's boundary is drawn afresh for every declaration: compare the bodies without it.
        var text = Sorted(copy)!.ToJsonString();
        if (copy["request"]?["headers"]?["Content-Type"]?[0]?.GetValue<string>() is { } type
            && type.IndexOf("boundary=", StringComparison.Ordinal) is var at and >= 0
            && copy["request"]?["body"]?["content"]?.GetValue<string>() is { } body)
        {
            var boundary = type[(at + "boundary=".Length)..].Trim('"');
            var decoded = copy["request"]?["body"]?["encoded"]?.GetValue<string>() == "base64"
                ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(body))
                : body;
            text = text.Replace(body, decoded, StringComparison.Ordinal).Replace(boundary, "{boundary}", StringComparison.Ordinal);
        }

        return text;
    }

    private static string DescriptionOf(string canonical) =>
        JsonNode.Parse(canonical)?["description"]?.GetValue<string>() ?? "(no description)";

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };

    private static string Description(JsonObject interaction) => interaction["description"]?.GetValue<string>() ?? "(no description)";
}
