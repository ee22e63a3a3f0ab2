using System.Reflection;
using System.Runtime.InteropServices;

namespace Replicate.PactFfi.Native;

/// <summary>
/// The pact_ffi functions this binding uses, declared with <c>[LibraryImport]</c>. Rules, measured against pact_ffi
/// 0.5.8: handles are plain integers (<c>PactHandle</c> = <see cref="ushort"/>, <c>InteractionHandle</c> =
/// <see cref="uint"/>); C <c>bool</c> is one byte; strings the library returns are read as pointers and copied with
/// <see cref="Marshal.PtrToStringUTF8(IntPtr)"/>, because the marshaller would free memory the library still owns
/// (mismatches and logs belong to the mock server and go away with <see cref="CleanupMockServer"/>).
/// </summary>
internal static partial class PactNative
{
    private const string Library = NativeLibraryLocator.LibraryName;
    private const string LibC = "libc";

    static PactNative()
    {
        NativeLibrary.SetDllImportResolver(typeof(PactNative).Assembly, Resolve);
        DisableUsageReporting();
    }

    /// <summary>
    /// Sets <c>PACT_DO_NOT_TRACK=true</c>: otherwise the engine reports usage to a remote endpoint whenever a mock
    /// server is cleaned up. It must be in the native environment the library reads; .NET on Unix keeps its own copy
    /// of the environment, so it is set through libc there.
    /// </summary>
    internal static void DisableUsageReporting()
    {
        if (OperatingSystem.IsWindows())
        {
            Environment.SetEnvironmentVariable("PACT_DO_NOT_TRACK", "true");
        }
        else
        {
            _ = SetEnv("PACT_DO_NOT_TRACK", "true", 1);
        }
    }

    /// <summary>Makes sure the resolver and environment are in place (runs the static constructor once).</summary>
    internal static void EnsureInitialized()
    {
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName == Library)
        {
            var directory = Path.GetDirectoryName(assembly.Location) ?? AppContext.BaseDirectory;
            return NativeLibrary.Load(NativeLibraryLocator.Locate(
                Environment.GetEnvironmentVariable(NativeLibraryLocator.EnvironmentVariable), directory));
        }

        // "libc" alone finds a linker script, not a library, on glibc systems.
        if (libraryName == LibC && OperatingSystem.IsLinux())
        {
            return NativeLibrary.Load("libc.so.6");
        }

        return IntPtr.Zero;
    }

    [LibraryImport(LibC, EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport(Library, EntryPoint = "pactffi_version")]
    internal static partial IntPtr Version();

    [LibraryImport(Library, EntryPoint = "pactffi_log_to_buffer")]
    internal static partial int LogToBuffer(LevelFilter level);

    [LibraryImport(Library, EntryPoint = "pactffi_new_pact", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial ushort NewPact(string consumer, string provider);

    [LibraryImport(Library, EntryPoint = "pactffi_with_specification")]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool WithSpecification(ushort pact, PactSpecification specification);

    [LibraryImport(Library, EntryPoint = "pactffi_with_pact_metadata", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool WithPactMetadata(ushort pact, string @namespace, string name, string value);

    [LibraryImport(Library, EntryPoint = "pactffi_free_pact_handle")]
    internal static partial uint FreePactHandle(ushort pact);

    [LibraryImport(Library, EntryPoint = "pactffi_new_interaction", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial uint NewInteraction(ushort pact, string description);

    [LibraryImport(Library, EntryPoint = "pactffi_upon_receiving", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool UponReceiving(uint interaction, string description);

    [LibraryImport(Library, EntryPoint = "pactffi_given", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool Given(uint interaction, string description);

    [LibraryImport(Library, EntryPoint = "pactffi_given_with_params", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int GivenWithParams(uint interaction, string description, string parametersJson);

    [LibraryImport(Library, EntryPoint = "pactffi_with_request", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool WithRequest(uint interaction, string method, string path);

    [LibraryImport(Library, EntryPoint = "pactffi_with_query_parameter_v2", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool WithQueryParameter(uint interaction, string name, nuint index, string value);

    [LibraryImport(Library, EntryPoint = "pactffi_with_header_v2", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool WithHeader(uint interaction, InteractionPart part, string name, nuint index, string value);

    [LibraryImport(Library, EntryPoint = "pactffi_with_body", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool WithBody(uint interaction, InteractionPart part, string contentType, string body);

    [LibraryImport(Library, EntryPoint = "pactffi_with_binary_body", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static unsafe partial bool WithBinaryBody(uint interaction, InteractionPart part, string contentType, byte* body, nuint size);

    [LibraryImport(Library, EntryPoint = "pactffi_response_status")]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool ResponseStatus(uint interaction, ushort status);

    [LibraryImport(Library, EntryPoint = "pactffi_create_mock_server_for_transport", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int CreateMockServerForTransport(ushort pact, string address, ushort port, string transport, string? transportConfig);

    [LibraryImport(Library, EntryPoint = "pactffi_mock_server_matched")]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool MockServerMatched(int port);

    [LibraryImport(Library, EntryPoint = "pactffi_mock_server_mismatches")]
    internal static partial IntPtr MockServerMismatches(int port);

    [LibraryImport(Library, EntryPoint = "pactffi_mock_server_logs")]
    internal static partial IntPtr MockServerLogs(int port);

    [LibraryImport(Library, EntryPoint = "pactffi_write_pact_file", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int WritePactFile(int port, string directory, [MarshalAs(UnmanagedType.U1)] bool overwrite);

    [LibraryImport(Library, EntryPoint = "pactffi_cleanup_mock_server")]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool CleanupMockServer(int port);

    /// <summary>Copies a string the library keeps ownership of; null stays null.</summary>
    internal static string? CopyBorrowed(IntPtr value) => value == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(value);
}
