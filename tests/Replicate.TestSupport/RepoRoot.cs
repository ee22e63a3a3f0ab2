namespace Replicate.Testing;

/// <summary>Locates the repository checkout the tests run from.</summary>
public static class RepoRoot
{
    /// <summary>The folder holding <c>Replicate.Generated.sln</c>, found upwards from the test assembly.</summary>
    public static string Path { get; } = Find();

    /// <summary>A path inside the repository.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>The repository's tracked files (<c>git ls-files</c>), as paths relative to <see cref="Path"/>.</summary>
    public static IReadOnlyList<string> TrackedFiles()
    {
        var start = new System.Diagnostics.ProcessStartInfo("git", "ls-files -z")
        {
            WorkingDirectory = Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var git = System.Diagnostics.Process.Start(start)!;
        var error = git.StandardError.ReadToEndAsync();
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        return git.ExitCode == 0
            ? output.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            : throw new InvalidOperationException($"git ls-files failed in {Path}: {error.Result}");
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Replicate.Generated.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Replicate.Generated.sln not found above " + AppContext.BaseDirectory);
    }
}
