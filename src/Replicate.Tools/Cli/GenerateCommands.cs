using System.Text.Json.Nodes;
using Replicate.Tools.Generation;
using Replicate.Tools.Mcp;
using Replicate.Tools.Normalization;
using Replicate.Tools.Spec;

namespace Replicate.Tools.Cli;

/// <summary>The <c>generate</c> verb: normalize the spec and render the C# clients (or Kiota's input, or the MCP server's catalog), in one process.</summary>
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
               replicate-tools generate kiota-input --out <main.json> --query-out <query.json> [--prose <pull>]
                                                [--prose-rule structural|locked|none] [--in <spec>]
                    write the documents Kiota generates Replicate.Kiota from: the same normalized input as csharp,
                    without the operations Kiota cannot read (QUERY), and those operations alone as POST, for their
                    models (docs/generation.md, "The Kiota input"); unchanged output keeps its timestamp
        """;

    public async Task<int> RunAsync(string command, Args args, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case "csharp":
                return await CSharpAsync(args, cancellationToken).ConfigureAwait(false);
            case "kiota-input":
                return await KiotaInputAsync(args, cancellationToken).ConfigureAwait(false);
            case "mcp-catalog":
                return await McpCatalogAsync(args, cancellationToken).ConfigureAwait(false);
            default:
                throw new UsageException($"unknown generate command '{command}'");
        }
    }

    private async Task<int> CSharpAsync(Args args, CancellationToken cancellationToken)
    {
        var paths = RepoPaths.Discover(args.Get("root"));
        var output = args.Require("out");
        var normalizedOut = args.Get("normalized-out");
        var overlay = args.Get("overlay") ?? Path.Combine(paths.OpenApiDir, "generation.json");
        var (normalized, from) = await ChooseInputAsync(paths, args, cancellationToken).ConfigureAwait(false);
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
        var output = args.Require("out");
        var overlay = args.Get("overlay") ?? Path.Combine(paths.OpenApiDir, "generation.json");
        var (normalized, from) = await ChooseInputAsync(paths, args, cancellationToken).ConfigureAwait(false);
        var catalog = McpCatalog.Build(normalized, GenerationOptions.Load(overlay));
        WriteIfChanged(output, JsonUtil.ToStableText(catalog));
        stdout.WriteLine($"generate mcp-catalog: {from} -> {Path.GetFileName(output)} ({catalog["tools"]!.AsArray().Count} tools)");
        return 0;
    }

    private async Task<int> KiotaInputAsync(Args args, CancellationToken cancellationToken)
    {
        var paths = RepoPaths.Discover(args.Get("root"));
        var output = args.Require("out");
        var queryOutput = args.Require("query-out");
        var (normalized, from) = await ChooseInputAsync(paths, args, cancellationToken).ConfigureAwait(false);
        var (main, query) = KiotaInput.Create(normalized);
        WriteIfChanged(output, JsonUtil.ToStableText(main));
        WriteIfChanged(queryOutput, JsonUtil.ToStableText(query));
        stdout.WriteLine($"generate kiota-input: {from} -> {Path.GetFileName(output)}, {Path.GetFileName(queryOutput)} ({query["paths"]!.AsObject().Count} QUERY operation(s) for the hand-written builder)");
        return 0;
    }

    // What both generators compile: the committed baseline with the pull's prose when the rule allows it (--in: any document).
    private static async Task<(JsonObject Normalized, string From)> ChooseInputAsync(RepoPaths paths, Args args, CancellationToken cancellationToken)
    {
        var input = args.Get("in");
        var prose = args.Get("prose");
        var rule = CompileInput.ParseRule(args.Get("prose-rule"));
        args.RejectUnknown();
        if (input is not null && prose is not null)
        {
            throw new UsageException("--in and --prose exclude each other: --in names the whole input");
        }

        if (input is null)
        {
            var chosen = CompileInput.Choose(new SpecStore(paths), prose, rule);
            return (chosen.Document, chosen.Summary);
        }

        if (!File.Exists(input))
        {
            throw new UsageException($"{input}: no such file");
        }

        var normalized = new SpecStore(paths).CreateNormalizer().Normalize(
            JsonUtil.ParseObject(await File.ReadAllTextAsync(input, cancellationToken).ConfigureAwait(false), input));
        return (normalized, Path.GetFileName(input));
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
