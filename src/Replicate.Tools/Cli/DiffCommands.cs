using Replicate.Tools.Drift;
using Replicate.Tools.Normalization;
using Replicate.Tools.Spec;

namespace Replicate.Tools.Cli;

/// <summary>The drift verbs: <c>spec diff</c> (any two documents) and <c>spec drift</c> (the pulled spec against the baseline).</summary>
internal sealed class DiffCommands(TextWriter stdout, TextWriter stderr)
{
    public const string Usage = """
          diff      <old> <new> [--format text|json|markdown] [--markdown-out <file>] [--suggest-version] [--config <file>]
                    classify every change between two OpenAPI 3.0/3.1 documents (JSON or YAML, raw or normalized);
                    exit 0 no breaking change, 1 breaking change, 2 unreadable input. With --suggest-version print only
                    the version bump the changes imply (major, minor or patch) and exit 0.
          drift     [--markdown-out <file>]
                    diff the committed baseline against the document generation uses (the cached pull, else the baseline)
        """;

    /// <summary><c>spec diff &lt;old&gt; &lt;new&gt;</c>.</summary>
    public int Diff(Args args)
    {
        var format = args.Get("format") ?? "text";
        if (format is not ("text" or "json" or "markdown"))
        {
            throw new UsageException($"--format must be text, json or markdown, not '{format}'");
        }

        var markdownOut = args.Get("markdown-out");
        var suggest = args.Flag("suggest-version");
        var normalizer = CreateNormalizer(args.Get("config"), args.Get("root"));
        args.RejectUnknown();
        if (args.Positional.Count != 2)
        {
            throw new UsageException($"spec diff takes two documents, old and new ({args.Positional.Count} given)");
        }

        var (oldPath, newPath) = (args.Positional[0], args.Positional[1]);
        DiffResult result;
        try
        {
            result = SpecDiffer.Compare(LoadBoth(oldPath, newPath, normalizer));
        }
        catch (SpecInputException e)
        {
            stderr.WriteLine($"spec diff: {e.Message}");
            return 2;
        }

        if (suggest)
        {
            stdout.WriteLine(DiffReport.Bump(result.SuggestedBump));
            return 0;
        }

        stdout.Write(format switch
        {
            "json" => DiffReport.Json(result),
            "markdown" => DiffReport.Markdown(result, oldPath, newPath),
            _ => DiffReport.Text(result, oldPath, newPath),
        });
        WriteMarkdown(markdownOut, result, oldPath, newPath);
        return result.Breaking > 0 ? 1 : 0;
    }

    /// <summary><c>spec drift</c>: what changed upstream since the baseline was accepted, and what to do about it.</summary>
    public int Drift(RepoPaths paths, SpecStore store, Args args)
    {
        var markdownOut = args.Get("markdown-out");
        args.RejectUnknown();
        if (!File.Exists(paths.Baseline))
        {
            stderr.WriteLine($"spec drift: no committed baseline at {Relative(paths, paths.Baseline)}; run 'make accept-spec'");
            return 2;
        }

        var current = store.LoadCache() is not null ? paths.CachedSpec : paths.Baseline;
        var (oldName, newName) = (Relative(paths, paths.Baseline), Relative(paths, current));
        if (current == paths.Baseline)
        {
            stdout.WriteLine("spec drift: no pulled document in the cache; the baseline is compared with itself");
        }

        DiffResult result;
        try
        {
            result = SpecDiffer.Compare(LoadBoth(paths.Baseline, current, store.CreateNormalizer()));
        }
        catch (SpecInputException e)
        {
            stderr.WriteLine($"spec drift: {e.Message}");
            return 2;
        }

        stdout.Write(DiffReport.Text(result, oldName, newName));
        WriteMarkdown(markdownOut, result, oldName, newName);
        if (result.Breaking > 0)
        {
            stderr.WriteLine($"spec drift: BREAKING drift ({DiffReport.Summary(result)}): the upstream API changed in ways this client cannot absorb. "
                + "Adapt the client (normalizer, partials, hand-written library), then 'make accept-spec accept-api' and commit.");
            return 1;
        }

        if (result.Changes.Count > 0)
        {
            stdout.WriteLine($"spec drift: non-breaking drift (suggested version bump: {DiffReport.Bump(result.SuggestedBump)}). "
                + "To take it: 'make accept-spec accept-api', review 'git diff openapi/ api/', commit.");
        }
        else
        {
            stdout.WriteLine("spec drift: none");
        }

        return 0;
    }

    // Reading and normalizing is most of a diff's time; the two documents are independent, so both cores work.
    private static (SpecDocument Old, SpecDocument New) LoadBoth(string oldPath, string newPath, Normalizer normalizer)
    {
        var old = Task.Run(() => SpecDocument.Load(oldPath, normalizer));
        var @new = SpecDocument.Load(newPath, normalizer);
        return (old.GetAwaiter().GetResult(), @new);
    }

    private static Normalizer CreateNormalizer(string? config, string? root)
    {
        if (config is not null)
        {
            return File.Exists(config) ? new Normalizer(NormalizerOptions.Load(config)) : throw new UsageException($"{config}: no such file");
        }

        // Inside the repository the diff reads documents exactly as the build normalizes them; elsewhere with defaults.
        try
        {
            return new SpecStore(RepoPaths.Discover(root)).CreateNormalizer();
        }
        catch (InvalidOperationException)
        {
            return new Normalizer();
        }
    }

    private static void WriteMarkdown(string? path, DiffResult result, string oldName, string newName)
    {
        if (path is not null)
        {
            AtomicFile.WriteText(path, DiffReport.Markdown(result, oldName, newName));
        }
    }

    private static string Relative(RepoPaths paths, string path) => Path.GetRelativePath(paths.Root, path);
}
