using System.Text.Json.Nodes;
using Replicate.Tools.Normalization;

namespace Replicate.Tools.Spec;

/// <summary>When a pull may lend its prose (doc comments) to the compiled baseline.</summary>
internal enum ProseRule
{
    /// <summary>A pull whose structure is exactly the baseline's (only prose differs): everyday builds.</summary>
    Structural,

    /// <summary>Only the very document the lock names (same sha256): release packs, so one commit packs one way.</summary>
    Locked,

    /// <summary>Never: the prose-free baseline alone.</summary>
    None,
}

/// <summary>
/// What the build compiles. The structure always comes from the committed baseline, pinned by the lock: an upstream
/// change reaches the compiler only after the drift gate has judged it and someone accepted it into the baseline.
/// The pull lends its descriptions to the XML docs when it is structurally the baseline (prose-only differences).
/// </summary>
/// <param name="Document">The normalized document to generate from (the pull's, with prose, or the baseline's).</param>
/// <param name="ProseSource">The pull the doc comments come from, or null when none do.</param>
/// <param name="Summary">One line for the build log: which document was compiled and why.</param>
internal sealed record CompileInput(JsonObject Document, string? ProseSource, string Summary)
{
    public static ProseRule ParseRule(string? text) => text switch
    {
        null or "" or "structural" => ProseRule.Structural,
        "locked" => ProseRule.Locked,
        "none" => ProseRule.None,
        _ => throw new Cli.UsageException($"--prose-rule must be structural, locked or none, not '{text}'"),
    };

    /// <summary>Chooses the compile input from the committed baseline and an optional pulled document.</summary>
    /// <exception cref="Cli.UsageException">There is no committed baseline.</exception>
    public static CompileInput Choose(SpecStore store, string? prosePath, ProseRule rule)
    {
        var paths = store.Paths;
        if (!File.Exists(paths.Baseline))
        {
            throw new Cli.UsageException($"no committed baseline at {paths.Baseline}: run 'make accept-spec'");
        }

        var normalizer = store.CreateNormalizer();
        var baselineText = File.ReadAllText(paths.Baseline);
        var lockNode = store.LoadLock();
        var lockSha = lockNode?["sha256"]?.GetValue<string>();
        var compiled = $"compiled {paths.Display(paths.Baseline)} (sha256 {Short(SpecPuller.Sha256Hex(JsonUtil.Utf8(baselineText)))}, "
            + $"accepted from {lockNode?["source"]?.GetValue<string>() ?? "an unknown source"} sha256 {Short(lockSha)})";

        CompileInput Baseline(string why) =>
            new(normalizer.Normalize(JsonUtil.ParseObject(baselineText, paths.Baseline)), null, $"{compiled}; no doc comments: {why}");

        if (rule == ProseRule.None)
        {
            return Baseline("prose turned off");
        }

        if (prosePath is null || !File.Exists(prosePath))
        {
            return Baseline("no pulled document");
        }

        var content = File.ReadAllBytes(prosePath);
        var sha = SpecPuller.Sha256Hex(content);
        var name = paths.Display(prosePath);
        if (rule == ProseRule.Locked && sha != lockSha)
        {
            return Baseline($"{name} (sha256 {Short(sha)}) is not the document the lock names; release packs take prose only from that one");
        }

        JsonObject raw;
        try
        {
            SpecPuller.Validate(content, prosePath);
            raw = JsonUtil.ParseObject(System.Text.Encoding.UTF8.GetString(content), prosePath);
        }
        catch (Exception e) when (e is SpecRejectedException or Drift.SpecInputException or System.Text.Json.JsonException)
        {
            return Baseline($"{name} is not a usable document ({e.Message})");
        }

        var normalized = normalizer.Normalize(raw);
        if (JsonUtil.ToStableText(ProseStripper.StripDocument(normalized)) != baselineText)
        {
            return Baseline($"{name} (sha256 {Short(sha)}) differs structurally from the baseline; 'make drift' judges it, 'make accept-spec' takes it");
        }

        return new CompileInput(normalized, prosePath, $"{compiled}; doc comments from {name} (sha256 {Short(sha)}, structurally the baseline)");
    }

    private static string Short(string? sha) => sha is { Length: >= 12 } ? sha[..12] : "unknown";

}
