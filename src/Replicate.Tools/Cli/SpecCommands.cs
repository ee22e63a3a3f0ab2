using System.Text.Json.Nodes;
using Replicate.Tools.Normalization;
using Replicate.Tools.Spec;

namespace Replicate.Tools.Cli;

/// <summary>The <c>spec</c> verbs: pull, normalize, baseline, accept, input, diff, drift.</summary>
internal sealed class SpecCommands(TextWriter stdout, TextWriter stderr, HttpMessageHandler? handler = null)
{
    public const string Usage = """
        usage: replicate-tools spec <command> [options]
          pull      [--source <https-url|file>] [--fallback] [--timeout <seconds>]
                    validate and cache a pull (default source https://api.replicate.com/openapi.json);
                    with --fallback a failed pull falls back to the cached pull, then the committed baseline
          normalize --in <file> --out <file> [--config <file>]
                    write the generator-friendly document (deterministic, idempotent)
          baseline  --in <file> --out <file>
                    write the normalized document without prose (what is committed)
          accept    write openapi/replicate.baseline.json and openapi/replicate.lock.json from the cached pull
          input     [--prose-rule structural|locked|none]
                    say in one line what the build compiles: always the committed baseline, with doc comments from
                    the cached pull when it is structurally the baseline
          checklist [--coverage <coverage.json>] [--markdown-out <file>]
                    what is still owed since the last release (openapi/released/): contracts for new operations
                    (from the pact-vs-spec coverage file), conveniences for new resources, new server-owned values
        """ + "\n" + DiffCommands.Usage + "\n" + """
        common: --root <repository root> (default: found from the current folder)
        exit codes: 0 ok, 1 breaking drift (diff, drift), 2 rejected input or bad usage
        """;

    public async Task<int> RunAsync(string command, Args args, CancellationToken cancellationToken)
    {
        if (command == "diff")
        {
            // Compares any two files, inside the repository or not.
            return new DiffCommands(stdout, stderr).Diff(args);
        }

        var paths = RepoPaths.Discover(args.Get("root"));
        var store = new SpecStore(paths);
        switch (command)
        {
            case "pull":
                return await PullAsync(store, args, cancellationToken).ConfigureAwait(false);
            case "normalize":
            {
                var input = args.Require("in");
                var output = args.Require("out");
                var config = args.Get("config") ?? (File.Exists(paths.NormalizerConfig) ? paths.NormalizerConfig : null);
                args.RejectUnknown();
                var normalizer = new Normalizer(NormalizerOptions.Load(config));
                var text = normalizer.NormalizeText(await ReadInputAsync(input, cancellationToken).ConfigureAwait(false));
                WriteIfChanged(output, text);
                stdout.WriteLine($"spec normalize: {paths.Display(input)} -> {paths.Display(output)}");
                return 0;
            }

            case "baseline":
            {
                var input = args.Require("in");
                var output = args.Require("out");
                args.RejectUnknown();
                var raw = JsonUtil.ParseObject(await ReadInputAsync(input, cancellationToken).ConfigureAwait(false), input);
                WriteIfChanged(output, SpecStore.BaselineText(store.CreateNormalizer(), raw));
                stdout.WriteLine($"spec baseline: {paths.Display(input)} -> {paths.Display(output)}");
                return 0;
            }

            case "accept":
            {
                args.RejectUnknown();
                var cached = store.LoadCache();
                if (cached is null)
                {
                    stderr.WriteLine("spec accept: no valid cached pull; run 'make pull' (or 'replicate-tools spec pull') first");
                    return 2;
                }

                var (baselineSha, _) = store.Accept(cached);
                stdout.WriteLine($"spec accept: baseline {paths.Display(paths.Baseline)} (sha256 {baselineSha[..12]}) and lock updated from {cached.Source} (sha256 {cached.Sha256[..12]})");
                return 0;
            }

            case "drift":
                return new DiffCommands(stdout, stderr).Drift(paths, store, args);
            case "checklist":
                return Checklist(paths, store, args);
            case "input":
            {
                var rule = CompileInput.ParseRule(args.Get("prose-rule"));
                args.RejectUnknown();
                stdout.WriteLine("spec input: " + CompileInput.Choose(store, paths.CachedSpec, rule).Summary);
                return 0;
            }
            default:
                throw new UsageException($"unknown spec command '{command}'");
        }
    }

    private int Checklist(RepoPaths paths, SpecStore store, Args args)
    {
        var coveragePath = args.Get("coverage");
        var markdownOut = args.Get("markdown-out");
        args.RejectUnknown();
        var release = new Release.ReleaseFiles(paths);
        if (!File.Exists(release.ReleasedBaseline) || !File.Exists(paths.Baseline))
        {
            stderr.WriteLine($"spec checklist: needs {paths.Display(paths.Baseline)} and {paths.Display(release.ReleasedBaseline)}");
            return 2;
        }

        var coverage = coveragePath is not null && File.Exists(coveragePath) ? JsonUtil.ParseObject(File.ReadAllText(coveragePath), coveragePath) : null;
        var releaseName = File.Exists(release.VersionJson) ? Release.ReleaseState.Load(release.VersionJson).Version.ToString() : "the last release";
        var normalizer = store.CreateNormalizer();
        var text = Drift.Checklist.Markdown(
            Drift.SpecDocument.Load(release.ReleasedBaseline, normalizer), Drift.SpecDocument.Load(paths.Baseline, normalizer), coverage, releaseName);
        stdout.Write(text);
        if (markdownOut is not null)
        {
            AtomicFile.WriteText(markdownOut, text);
        }

        return 0;
    }

    private async Task<int> PullAsync(SpecStore store, Args args, CancellationToken cancellationToken)
    {
        var source = args.Get("source") is { Length: > 0 } s ? s : SpecPuller.DefaultSource;
        var fallback = args.Flag("fallback");
        var timeout = args.Get("timeout") is { } t
            ? TimeSpan.FromSeconds(double.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? seconds
                : throw new UsageException("--timeout must be a positive number of seconds"))
            : (TimeSpan?)null;
        args.RejectUnknown();
        string? display = null;
        if (!source.Contains("://", StringComparison.Ordinal))
        {
            // A file source is recorded relative to the repository, so the lock does not name this machine's folders.
            source = Path.GetFullPath(source);
            display = Path.GetRelativePath(store.Paths.Root, source);
        }

        try
        {
            var pull = await new SpecPuller(handler, timeout: timeout).PullAsync(source, display, cancellationToken).ConfigureAwait(false);
            store.SaveToCache(pull);
            stdout.WriteLine($"spec pull: accepted {pull.Source} (sha256 {pull.Sha256}, {pull.PathCount} paths, {pull.OperationCount} operations) -> {store.Paths.Display(store.Paths.CachedSpec)}");
            return 0;
        }
        catch (SpecRejectedException e)
        {
            stderr.WriteLine($"spec pull: rejected: {e.Message}");
            if (!fallback)
            {
                return 2;
            }
        }

        if (store.LoadCache() is { } cached)
        {
            stdout.WriteLine($"spec pull: using the last good cached pull of {cached.Source} (sha256 {cached.Sha256[..12]}, retrieved {SpecStore.FormatTime(cached.RetrievedAt)})");
            return 0;
        }

        if (File.Exists(store.Paths.Baseline))
        {
            var lockNode = store.LoadLock();
            stdout.WriteLine($"spec pull: no cached pull; using the committed baseline {store.Paths.Display(store.Paths.Baseline)} (from {lockNode?["source"] ?? "unknown source"}, sha256 {Short(lockNode?["sha256"])})");
            return 0;
        }

        stderr.WriteLine("spec pull: no cached pull and no committed baseline to fall back to");
        return 2;
    }

    private static string Short(JsonNode? sha) => sha?.GetValue<string>() is { Length: >= 12 } text ? text[..12] : "unknown";

    private static async Task<string> ReadInputAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{path}: no such file");
        }

        return await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
    }

    // Unchanged output keeps its timestamp, so builds that depend on it stay incremental.
    private static void WriteIfChanged(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text)
        {
            return;
        }

        AtomicFile.WriteText(path, text);
    }
}
