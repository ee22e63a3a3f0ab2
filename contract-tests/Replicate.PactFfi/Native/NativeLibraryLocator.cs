using System.Runtime.InteropServices;

namespace Replicate.PactFfi.Native;

/// <summary>
/// Finds <c>libpact_ffi</c>: the file named by <c>PACT_FFI_LIBRARY</c>, else one beside this assembly, else the
/// copy npm installs under <c>node_modules</c> (searched upwards from this assembly, so a build inside the repository
/// finds the repository's own <c>npm ci</c> output). Anything else is a <see cref="DllNotFoundException"/> that names
/// every place looked at and how to fix it.
/// </summary>
internal static class NativeLibraryLocator
{
    /// <summary>The name the <c>[LibraryImport]</c> declarations use.</summary>
    internal const string LibraryName = "pact_ffi";

    /// <summary>Environment variable that names the library file explicitly.</summary>
    internal const string EnvironmentVariable = "PACT_FFI_LIBRARY";

    /// <summary>The npm package that ships the library for this platform, and the file inside it.</summary>
    internal const string NpmPackagePath = "node_modules/@pact-foundation/pact-core-linux-x64-glibc/prebuilds/linux-x64";

    /// <summary>The platform's file name for the library.</summary>
    internal static string FileName { get; } =
        OperatingSystem.IsWindows() ? "pact_ffi.dll"
        : OperatingSystem.IsMacOS() ? "libpact_ffi.dylib"
        : "libpact_ffi.so";

    /// <summary>Where the library is, given the environment value and the folder of the calling assembly.</summary>
    /// <exception cref="DllNotFoundException">Nowhere; the message lists the places looked at.</exception>
    internal static string Locate(string? environmentValue, string assemblyDirectory)
    {
        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            // An explicit setting that points nowhere is a mistake to report, not a reason to load another copy.
            return File.Exists(environmentValue)
                ? Path.GetFullPath(environmentValue)
                : throw new DllNotFoundException(
                    $"{EnvironmentVariable} is set to '{environmentValue}', but no file exists there. "
                    + $"Point it at {FileName}, or unset it to use the copy beside the assembly or under node_modules.");
        }

        var tried = new List<string>();
        var beside = Path.Combine(assemblyDirectory, FileName);
        tried.Add(beside);
        if (File.Exists(beside))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(assemblyDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, NpmPackagePath, FileName);
            tried.Add(candidate);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DllNotFoundException(
            $"The Pact engine ({FileName}) was not found. Looked at:{Environment.NewLine}  "
            + string.Join(Environment.NewLine + "  ", tried) + Environment.NewLine
            + $"Run 'npm ci' in the repository (it installs {NpmPackagePath}/{FileName}), "
            + $"or set {EnvironmentVariable} to the library's path. Platform: {RuntimeInformation.RuntimeIdentifier}.");
    }
}
