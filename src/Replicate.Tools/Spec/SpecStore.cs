using System.Globalization;
using System.Text.Json.Nodes;
using Replicate.Tools.Normalization;

namespace Replicate.Tools.Spec;

/// <summary>
/// The spec files on disk: the git-ignored cache of the last accepted pull, and the committed baseline and lock.
/// Every write is atomic; a rejected pull writes nothing.
/// </summary>
internal sealed class SpecStore(RepoPaths paths)
{
    public RepoPaths Paths { get; } = paths;

    /// <summary>Stores an accepted pull in the cache (document first, then its provenance).</summary>
    public void SaveToCache(PullResult pull)
    {
        // An unchanged document keeps its timestamp, so the generation step after it stays incremental.
        if (!File.Exists(Paths.CachedSpec) || !File.ReadAllBytes(Paths.CachedSpec).AsSpan().SequenceEqual(pull.Content))
        {
            AtomicFile.Write(Paths.CachedSpec, pull.Content);
        }

        var info = new JsonObject
        {
            ["source"] = pull.Source,
            ["sha256"] = pull.Sha256,
            ["retrieved_at"] = FormatTime(pull.RetrievedAt),
            ["paths"] = pull.PathCount,
            ["operations"] = pull.OperationCount,
        };
        AtomicFile.WriteText(Paths.CachedSpecInfo, JsonUtil.ToStableText(info));
    }

    /// <summary>The cached pull, re-validated, or null when there is none or it no longer validates.</summary>
    public PullResult? LoadCache()
    {
        if (!File.Exists(Paths.CachedSpec))
        {
            return null;
        }

        var content = File.ReadAllBytes(Paths.CachedSpec);
        try
        {
            var (pathCount, operationCount) = SpecPuller.Validate(content, Paths.CachedSpec);
            var info = File.Exists(Paths.CachedSpecInfo)
                ? JsonUtil.ParseObject(File.ReadAllText(Paths.CachedSpecInfo), Paths.CachedSpecInfo)
                : [];
            var source = info["source"]?.GetValue<string>() ?? "unknown source";
            var retrieved = info["retrieved_at"]?.GetValue<string>() is { } text
                ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture)
                : File.GetLastWriteTimeUtc(Paths.CachedSpec);
            return new PullResult(source, content, SpecPuller.Sha256Hex(content), retrieved, pathCount, operationCount);
        }
        catch (SpecRejectedException)
        {
            return null;
        }
    }

    /// <summary>Normalizes with the repository's normalizer settings.</summary>
    public Normalizer CreateNormalizer() =>
        new(NormalizerOptions.Load(File.Exists(Paths.NormalizerConfig) ? Paths.NormalizerConfig : null));

    /// <summary>The committed artifact: normalized, prose removed, keys sorted.</summary>
    public static string BaselineText(Normalizer normalizer, JsonObject raw) =>
        JsonUtil.ToStableText(ProseStripper.StripDocument(normalizer.Normalize(raw)));

    /// <summary>Writes baseline and lock from an accepted pull.</summary>
    public (string BaselineSha256, JsonObject Lock) Accept(PullResult pull)
    {
        var raw = JsonUtil.ParseObject(System.Text.Encoding.UTF8.GetString(pull.Content), pull.Source);
        var baseline = BaselineText(CreateNormalizer(), raw);
        var baselineBytes = JsonUtil.Utf8(baseline);
        var lockNode = new JsonObject
        {
            ["source"] = pull.Source,
            ["sha256"] = pull.Sha256,
            ["retrieved_at"] = FormatTime(pull.RetrievedAt),
            ["openapi"] = raw["openapi"]?.GetValue<string>(),
            ["paths"] = pull.PathCount,
            ["operations"] = pull.OperationCount,
            ["baseline_sha256"] = SpecPuller.Sha256Hex(baselineBytes),
            ["normalizer_version"] = Normalizer.Version,
            ["nswag_version"] = NSwagVersion(),
        };
        AtomicFile.Write(Paths.Baseline, baselineBytes);
        AtomicFile.WriteText(Paths.Lock, JsonUtil.ToStableText(lockNode));
        return (lockNode["baseline_sha256"]!.GetValue<string>(), lockNode);
    }

    /// <summary>The committed lock, or null.</summary>
    public JsonObject? LoadLock() =>
        File.Exists(Paths.Lock) ? JsonUtil.ParseObject(File.ReadAllText(Paths.Lock), Paths.Lock) : null;

    /// <summary>The NSwag version generation runs on: the library the tool carries (pinned in Directory.Packages.props).</summary>
    public string NSwagVersion() => Generation.ClientGenerator.NSwagVersion;

    public static string FormatTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
