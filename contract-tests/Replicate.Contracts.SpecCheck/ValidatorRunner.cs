using System.Diagnostics;
using System.Text.Json;

namespace Replicate.Contracts.SpecCheck;

/// <summary>One finding of the validator.</summary>
internal sealed record Finding(string Code, string Type, string Message, string? Interaction, string? MockLocation, string? SpecLocation);

/// <summary>The validator's verdict on one pact file.</summary>
internal sealed record ValidatorOutcome(bool Success, string? FailureReason, IReadOnlyList<Finding> Errors, IReadOnlyList<Finding> Warnings);

/// <summary>Runs <c>validate.mjs</c> (npm @pactflow/swagger-mock-validator) with Node.js.</summary>
internal static class ValidatorRunner
{
    private const string Package = "node_modules/@pactflow/swagger-mock-validator/package.json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Validates <paramref name="pactFile"/> against <paramref name="specFile"/>.</summary>
    /// <exception cref="InvalidOperationException">Node.js or the validator could not run.</exception>
    internal static async Task<ValidatorOutcome> RunAsync(string pactFile, string specFile, CancellationToken cancellationToken = default)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "validate.mjs");
        RequireValidatorInstalled(AppContext.BaseDirectory);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("NODE") ?? "node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(pactFile);
        start.ArgumentList.Add(specFile);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Node.js did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var output = await stdout.ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0 || string.IsNullOrWhiteSpace(output))
        {
            throw new InvalidOperationException(
                $"The validator failed to run on {pactFile} (exit {process.ExitCode}): {errors.Trim()}");
        }

        return JsonSerializer.Deserialize<ValidatorOutcome>(output, Json)
            ?? throw new InvalidOperationException("The validator printed no outcome.");
    }

    private static void RequireValidatorInstalled(string from)
    {
        for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, Package)))
            {
                return;
            }
        }

        throw new InvalidOperationException(
            $"@pactflow/swagger-mock-validator is not installed above {from}. Run 'npm ci' in the repository.");
    }
}
