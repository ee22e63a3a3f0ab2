namespace Replicate.PactFfi.Native;

/// <summary>Turns a refused engine call into an exception that names the call.</summary>
internal static class EngineCall
{
    internal static void Require(bool succeeded, string call)
    {
        if (!succeeded)
        {
            throw new InvalidOperationException(
                $"The Pact engine refused {call}. The interaction cannot change once its mock server started, "
                + "and matcher JSON must be valid.");
        }
    }
}
