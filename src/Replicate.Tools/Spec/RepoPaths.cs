namespace Replicate.Tools.Spec;

/// <summary>Where the spec artifacts live, relative to the repository root.</summary>
internal sealed class RepoPaths
{
    public RepoPaths(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public string OpenApiDir => Path.Combine(Root, "openapi");

    /// <summary>Git-ignored cache of the last accepted pull (raw upstream document, never committed).</summary>
    public string CacheDir => Path.Combine(OpenApiDir, ".cache");

    public string CachedSpec => Path.Combine(CacheDir, "replicate.openapi.json");

    public string CachedSpecInfo => Path.Combine(CacheDir, "replicate.openapi.pull.json");

    /// <summary>The committed, prose-free, normalized structural baseline.</summary>
    public string Baseline => Path.Combine(OpenApiDir, "replicate.baseline.json");

    public string Lock => Path.Combine(OpenApiDir, "replicate.lock.json");

    public string NormalizerConfig => Path.Combine(OpenApiDir, "normalizer.json");

    /// <summary>The pinned models: <c>models/models.lock.json</c> and the structural schemas it names, under <c>models/</c>.</summary>
    public string ModelsDir => Path.Combine(Root, "models");

    public string ModelsLock => Path.Combine(ModelsDir, "models.lock.json");

    public string PackageJson => Path.Combine(Root, "package.json");

    /// <summary>A path as messages show it: relative to the root when inside it, else as given.</summary>
    public string Display(string path)
    {
        var relative = Path.GetRelativePath(Root, Path.GetFullPath(path));
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    /// <summary>Finds the repository root: the nearest folder upwards holding <c>Replicate.Generated.sln</c>.</summary>
    public static RepoPaths Discover(string? explicitRoot = null)
    {
        if (explicitRoot is not null)
        {
            return new RepoPaths(explicitRoot);
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Replicate.Generated.sln")))
                {
                    return new RepoPaths(dir.FullName);
                }
            }
        }

        throw new InvalidOperationException("cannot find the repository root (no Replicate.Generated.sln above the current folder); pass --root");
    }
}
