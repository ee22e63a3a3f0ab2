using System.Diagnostics;
using Replicate.Testing;

namespace Replicate.Tools.Tests;

/// <summary>Runs the tool in process (<see cref="Program.RunAsync"/>) or through <c>scripts/replicate-tools</c>, capturing exit code and output.</summary>
internal static class ToolRun
{
    public static async Task<(int Exit, string Out, string Err)> InProcessAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Program.RunAsync(args, stdout, stderr, handler: null, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public static async Task<(int Exit, string Out, string Err)> ScriptAsync(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(RepoRoot.Combine("scripts", "replicate-tools"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The script runs the build of the same configuration as these tests (bin/<Configuration>/net10.0).
        start.Environment["CONFIGURATION"] = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)));
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
