using System.Runtime.InteropServices;
using Replicate.PactFfi.Native;

namespace Replicate.Contracts.Tests.Harness;

/// <summary>Where the engine is loaded from, what a missing engine says, and what the engine is told.</summary>
public sealed partial class NativeLibraryTests
{
    [LibraryImport("libc.so.6", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetNativeEnvironment(string name);

    [LibraryImport("libc.so.6", EntryPoint = "unsetenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnsetNativeEnvironment(string name);

    private DirectoryInfo root = null!;

    [SetUp]
    public void CreateFolder() => root = Directory.CreateTempSubdirectory("replicate-pactffi-locate-");

    [TearDown]
    public void RemoveFolder() => root.Delete(recursive: true);

    private string Touch(params string[] parts)
    {
        var path = Path.Combine([root.FullName, .. parts]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
        return path;
    }

    [Test]
    public void The_environment_variable_wins_when_it_names_a_file()
    {
        var named = Touch("custom", NativeLibraryLocator.FileName);
        Touch("bin", NativeLibraryLocator.FileName);

        NativeLibraryLocator.Locate(named, Path.Combine(root.FullName, "bin")).Should().Be(named);
    }

    [Test]
    public void An_environment_variable_naming_nothing_is_an_error_not_a_fallback()
    {
        Touch("bin", NativeLibraryLocator.FileName);

        var locate = () => NativeLibraryLocator.Locate("/nowhere/libpact_ffi.so", Path.Combine(root.FullName, "bin"));

        locate.Should().Throw<DllNotFoundException>().WithMessage("*PACT_FFI_LIBRARY*/nowhere/libpact_ffi.so*");
    }

    [Test]
    public void A_copy_beside_the_assembly_comes_before_node_modules()
    {
        var beside = Touch("repo", "bin", NativeLibraryLocator.FileName);
        Touch("repo", NativeLibraryLocator.NpmPackagePath, NativeLibraryLocator.FileName);

        NativeLibraryLocator.Locate(null, Path.GetDirectoryName(beside)!).Should().Be(beside);
    }

    [Test]
    public void The_npm_install_is_found_above_the_assembly()
    {
        var npm = Touch("repo", NativeLibraryLocator.NpmPackagePath, NativeLibraryLocator.FileName);
        var bin = Directory.CreateDirectory(Path.Combine(root.FullName, "repo", "tests", "bin", "Debug")).FullName;

        NativeLibraryLocator.Locate(string.Empty, bin).Should().Be(npm);
    }

    [Test]
    public void No_library_anywhere_says_where_it_looked_and_what_to_run()
    {
        var bin = Directory.CreateDirectory(Path.Combine(root.FullName, "bin")).FullName;

        var locate = () => NativeLibraryLocator.Locate(null, bin);

        locate.Should().Throw<DllNotFoundException>()
            .WithMessage($"*{Path.Combine(bin, NativeLibraryLocator.FileName)}*npm ci*PACT_FFI_LIBRARY*");
    }

    [Test]
    public void The_loaded_engine_is_the_pinned_one()
    {
        PactEngine.Version.Should().Be("0.5.8", "package.json pins @pact-foundation/pact-core-linux-x64-glibc 20.2.0, which ships pact_ffi 0.5.8");
    }

    [Test]
    [Platform("Linux")]
    public void The_engine_is_told_not_to_report_usage_in_the_environment_it_reads()
    {
        PactEngine.Initialize(PactLogLevel.Information);
        try
        {
            UnsetNativeEnvironment("PACT_DO_NOT_TRACK");

            PactNative.DisableUsageReporting();

            Marshal.PtrToStringUTF8(GetNativeEnvironment("PACT_DO_NOT_TRACK"))
                .Should().Be("true", "Environment.SetEnvironmentVariable alone would not reach native code on Unix");
        }
        finally
        {
            // Whatever happened above, the engine in this process must go on not reporting.
            PactNative.DisableUsageReporting();
        }
    }
}
