using System.Text.Json;
using Replicate.Tools.Cli;
using Replicate.Tools.Docs;
using Replicate.Tools.Release;

namespace Replicate.Tools;

/// <summary>Entry point of <c>scripts/replicate-tools</c>.</summary>
internal static class Program
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "accept", "fallback", "help", "suggest-version" };

    public static async Task<int> Main(string[] argv) =>
        await RunAsync(argv, Console.Out, Console.Error, handler: null, CancellationToken.None).ConfigureAwait(false);

    /// <summary>Runs one command; used by <see cref="Main"/> and by tests (with a test HTTP handler).</summary>
    public static async Task<int> RunAsync(string[] argv, TextWriter stdout, TextWriter stderr, HttpMessageHandler? handler, CancellationToken cancellationToken)
    {
        try
        {
            if (argv.Length < 2 || argv[0] is "-h" or "--help" or "help")
            {
                stderr.WriteLine(SpecCommands.Usage);
                stderr.WriteLine(ApiCommands.Usage);
                stderr.WriteLine(WebhookCommands.Usage);
                stderr.WriteLine(ReleaseCommands.Usage);
                stderr.WriteLine(DocsCommands.Usage);
                stderr.WriteLine(GenerateCommands.Usage);
                stderr.WriteLine(ModelCommands.Usage);
                return argv.Length == 0 || argv[0] is not ("-h" or "--help" or "help") ? 2 : 0;
            }

            var args = new Args(argv.Skip(2), Flags);
            return argv[0] switch
            {
                "spec" => await new SpecCommands(stdout, stderr, handler).RunAsync(argv[1], args, cancellationToken).ConfigureAwait(false),
                "api" => new ApiCommands(stdout, stderr).Run(argv[1], args),
                "webhook" => await new WebhookCommands(stdout, stderr).RunAsync(argv[1], args, cancellationToken).ConfigureAwait(false),
                "release" => new ReleaseCommands(stdout, stderr).Run(argv[1], args),
                "docs" => new DocsCommands(stdout, stderr).Run(argv[1], args),
                "generate" => await new GenerateCommands(stdout).RunAsync(argv[1], args, cancellationToken).ConfigureAwait(false),
                "model" => await new ModelCommands(stdout, stderr, handler).RunAsync(argv[1], args, cancellationToken).ConfigureAwait(false),
                _ => throw new UsageException($"unknown command '{argv[0]}'"),
            };
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"replicate-tools: {e.Message}");
            stderr.WriteLine(argv[0] switch
            {
                "api" => ApiCommands.Usage,
                "webhook" => WebhookCommands.Usage,
                "release" => ReleaseCommands.Usage,
                "docs" => DocsCommands.Usage,
                "generate" => GenerateCommands.Usage,
                "model" => ModelCommands.Usage,
                _ => SpecCommands.Usage,
            });
            return 2;
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException)
        {
            stderr.WriteLine($"replicate-tools: {e.Message.ReplaceLineEndings(" ")}");
            return 2;
        }
    }
}
