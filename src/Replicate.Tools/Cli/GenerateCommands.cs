using System.Text.Json.Nodes;
using Replicate.Tools.Generation;
using Replicate.Tools.Mcp;
using Replicate.Tools.Normalization;
using Replicate.Tools.Spec;

namespace Replicate.Tools.Cli;

/// <summary>The <c>generate</c> verb: normalize the spec and render the C# clients (or the MCP server's catalog), in one process.</summary>
internal sealed class GenerateCommands(TextWriter stdout)
{
    public const string Usage = """
        usage: replicate-tools generate csharp --out <file.g.cs> [--prose <pull>] [--prose-rule structural|locked|none]
                                                [--in <spec>] [--normalized-out <file>] [--overlay <file>]
                    render every client and model with NSwag as a library from the committed baseline; doc comments
                    come from --prose (a pulled document) when it is structurally the baseline (--prose-rule locked:
                    only when it is the very document the lock names; none: never). --in generates from any other
                    document instead (tests, experiments). --overlay defaults to openapi/generation.json; unchanged
                    output keeps its timestamp
               replicate-tools generate mcp-catalog --out <file.json> [--in <spec>] [--overlay <file>]
                    the MCP server's operation catalog (one tool per operation: name, method, path, input schema,
                    annotations, rate class) from the committed baseline, or from --in; unchanged output keeps its
                    timestamp
        """;

    public async Task<int> RunAsync(string command, Args args, CancellationToken cancellationToken)
    {
        if (command == "mcp-catalog")
        {
            return await McpCatalogAsync(args, cancellationToken).ConfigureAwait(false);
        }

        if (command != "csharp")
        {
            throw new UsageException($"unknown generate command '{command}'");
        }

        var paths = RepoPaths.Discover(args.Get("root"));
        var input = args.Get("in");
        var prose = args.Get("prose");
        var rule = CompileInput.ParseRule(args.Get("prose-rule"));
        var output = args.Require("out");
        var normalizedOut = args.Get("normalized-out");
        var overlay = args.Get("overlay") ?? Path.Combine(paths.OpenApiDir, "generation.json");
        args.RejectUnknown();
        if (input is not null && prose is not null)
        {
            throw new UsageException("--in and --prose exclude each other: --in names the whole input");
        }

        JsonObject normalized;
        string from;
        if (input is not null)
        {
            if (!File.Exists(input))
            {
                throw new UsageException($"{input}: no such file");
            }

            normalized = new SpecStore(paths).CreateNormalizer().Normalize(
                JsonUtil.ParseObject(await File.ReadAllTextAsync(input, cancellationToken).ConfigureAwait(false), input));
            from = Path.GetFileName(input);
        }
        else
        {
            var chosen = CompileInput.Choose(new SpecStore(paths), prose, rule);
            normalized = chosen.Document;
            from = chosen.Summary;
        }

        if (normalizedOut is not null)
        {
            WriteIfChanged(normalizedOut, JsonUtil.ToStableText(normalized));
        }

        var code = await ClientGenerator.GenerateAsync(normalized, GenerationOptions.Load(overlay)).ConfigureAwait(false);
        WriteIfChanged(output, code);
        stdout.WriteLine($"generate csharp: {from} -> {Path.GetFileName(output)} (NSwag {ClientGenerator.NSwagVersion} as a library)");
        return 0;
    }

    private async Task<int> McpCatalogAsync(Args args, CancellationToken cancellationToken)
    {
        var paths = RepoPaths.Discover(args.Get("root"));
        var input = args.Get("in");
        var output = args.Require("out");
        var overlay = args.Get("overlay") ?? Path.Combine(paths.OpenApiDir, "generation.json");
        args.RejectUnknown();
        if (input is not null && !File.Exists(input))
        {
            throw new UsageException($"{input}: no such file");
        }

        // The committed baseline is normalized already; any other document goes through the normalizer first.
        var normalized = input is null
            ? JsonUtil.ParseObject(await File.ReadAllTextAsync(paths.Baseline, cancellationToken).ConfigureAwait(false), paths.Baseline)
            : new SpecStore(paths).CreateNormalizer().Normalize(
                JsonUtil.ParseObject(await File.ReadAllTextAsync(input, cancellationToken).ConfigureAwait(false), input));
        var catalog = McpCatalog.Build(normalized, GenerationOptions.Load(overlay));
        WriteIfChanged(output, JsonUtil.ToStableText(catalog));
        stdout.WriteLine($"generate mcp-catalog: {paths.Display(input ?? paths.Baseline)} -> {Path.GetFileName(output)} ({catalog["tools"]!.AsArray().Count} tools)");
        return 0;
    }

    private static void WriteIfChanged(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text)
        {
            return;
        }

        AtomicFile.WriteText(path, text);
    }
}
