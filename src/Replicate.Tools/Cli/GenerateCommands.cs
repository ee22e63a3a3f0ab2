using Replicate.Tools.Generation;
using Replicate.Tools.Normalization;
using Replicate.Tools.Spec;

namespace Replicate.Tools.Cli;

/// <summary>The <c>generate</c> verb: normalize the spec and render the C# clients, in one process.</summary>
internal sealed class GenerateCommands(TextWriter stdout)
{
    public const string Usage = """
        usage: replicate-tools generate csharp --in <spec> --out <file.g.cs> [--normalized-out <file>] [--overlay <file>]
                    normalize <spec> (a pull or the baseline) and render every client and model with NSwag as a library;
                    --overlay defaults to openapi/generation.json; unchanged output keeps its timestamp
        """;

    public async Task<int> RunAsync(string command, Args args, CancellationToken cancellationToken)
    {
        if (command != "csharp")
        {
            throw new UsageException($"unknown generate command '{command}'");
        }

        var paths = RepoPaths.Discover(args.Get("root"));
        var input = args.Require("in");
        var output = args.Require("out");
        var normalizedOut = args.Get("normalized-out");
        var overlay = args.Get("overlay") ?? Path.Combine(paths.OpenApiDir, "generation.json");
        args.RejectUnknown();
        if (!File.Exists(input))
        {
            throw new UsageException($"{input}: no such file");
        }

        var config = File.Exists(paths.NormalizerConfig) ? paths.NormalizerConfig : null;
        var normalized = new Normalizer(NormalizerOptions.Load(config)).Normalize(
            JsonUtil.ParseObject(await File.ReadAllTextAsync(input, cancellationToken).ConfigureAwait(false), input));
        if (normalizedOut is not null)
        {
            WriteIfChanged(normalizedOut, JsonUtil.ToStableText(normalized));
        }

        var code = await ClientGenerator.GenerateAsync(normalized, GenerationOptions.Load(overlay)).ConfigureAwait(false);
        WriteIfChanged(output, code);
        stdout.WriteLine($"generate csharp: {Path.GetFileName(input)} -> {Path.GetFileName(output)} (NSwag {ClientGenerator.NSwagVersion} as a library)");
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
