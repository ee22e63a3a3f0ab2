using System.Runtime.InteropServices;

namespace Replicate.PactFfi.Native;

/// <summary><c>PactSpecification</c> of pact_ffi.</summary>
internal enum PactSpecification
{
    V4 = 5,
}

/// <summary><c>InteractionPart</c> of pact_ffi: which side of an HTTP interaction a call configures.</summary>
internal enum InteractionPart
{
    Request = 0,
    Response = 1,
}

/// <summary><c>LevelFilter</c> of pact_ffi.</summary>
internal enum LevelFilter
{
    Off = 0,
    Error = 1,
    Warn = 2,
    Info = 3,
    Debug = 4,
    Trace = 5,
}

/// <summary>Tag of pact_ffi's <c>StringResult</c>.</summary>
internal enum StringResultTag
{
    Ok = 0,
    Failed = 1,
}

/// <summary>
/// pact_ffi's <c>StringResult</c>: a C tagged union of a tag and one string pointer. A non-null pointer was allocated
/// by the library for the caller and must go back through <c>pactffi_string_delete</c>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct StringResult
{
    public StringResultTag Tag;
    public IntPtr Value;
}
