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
