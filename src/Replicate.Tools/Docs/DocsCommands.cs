using Replicate.Tools.Cli;
using Replicate.Tools.Spec;

namespace Replicate.Tools.Docs;

/// <summary>The <c>docs</c> verbs: check or sync the README code blocks against the compiled samples.</summary>
internal sealed class DocsCommands(TextWriter stdout, TextWriter stderr)
{
    public const string Usage = """
        usage: replicate-tools docs <command>
          check     compare every marked code block of README.md and src/*/PACKAGE.md with its region in samples/
                    (// region:name ... // endregion); exit 1 when one differs or a marker is broken
          sync      rewrite the marked code blocks from the regions ('make snippets')
        """;

    public int Run(string command, Args args)
    {
        var root = RepoPaths.Discover(args.Get("root")).Root;
        args.RejectUnknown();
        var write = command switch
        {
            "check" => false,
            "sync" => true,
            _ => throw new UsageException($"unknown docs command '{command}'"),
        };

        var result = SnippetSync.Run(root, write);
        foreach (var problem in result.Problems)
        {
            stderr.WriteLine($"docs {command}: {problem}");
        }

        foreach (var file in result.Stale)
        {
            (write ? stdout : stderr).WriteLine(write
                ? $"docs sync: rewrote the code blocks of {file}"
                : $"docs check: {file} has code blocks that differ from their regions in samples/; run 'make snippets'");
        }

        if (result.Problems.Count == 0 && (write || result.Stale.Count == 0))
        {
            stdout.WriteLine($"docs {command}: {result.Used} snippets from {result.Regions} regions in samples/ {(write ? "written" : "match")}");
        }

        return result.Problems.Count > 0 || (!write && result.Stale.Count > 0) ? 1 : 0;
    }
}
