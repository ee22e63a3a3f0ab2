namespace Replicate.PactFfi.Native;

/// <summary>Process-wide setup of the engine: library resolution, no tracking, and the in-memory log sink.</summary>
internal static class PactEngine
{
    private static readonly object Gate = new();
    private static bool initialized;

    /// <summary>The engine's version string (for example <c>0.5.8</c>).</summary>
    internal static string Version
    {
        get
        {
            Initialize(PactLogLevel.Information);
            return PactNative.CopyBorrowed(PactNative.Version()) ?? "unknown";
        }
    }

    /// <summary>
    /// Loads the library and routes its logs to the memory buffer that each mock server reads its own logs from.
    /// The logger can be installed once per process, so the first level asked for is the one that holds.
    /// </summary>
    internal static void Initialize(PactLogLevel level)
    {
        lock (Gate)
        {
            if (initialized)
            {
                return;
            }

            PactNative.EnsureInitialized();
            _ = PactNative.LogToBuffer(level switch
            {
                PactLogLevel.Trace => LevelFilter.Trace,
                PactLogLevel.Debug => LevelFilter.Debug,
                PactLogLevel.Information => LevelFilter.Info,
                PactLogLevel.Warn => LevelFilter.Warn,
                PactLogLevel.Error => LevelFilter.Error,
                _ => LevelFilter.Off,
            });
            initialized = true;
        }
    }
}
