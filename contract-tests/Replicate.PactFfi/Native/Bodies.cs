using System.Text.Json;
using Replicate.PactFfi.Matchers;

namespace Replicate.PactFfi.Native;

/// <summary>Body helpers shared by the request and response builders.</summary>
internal static class Bodies
{
    /// <summary>The body as JSON, with every matcher written as integration JSON.</summary>
    internal static string Json(object body, JsonSerializerOptions settings)
    {
        ArgumentNullException.ThrowIfNull(body);
        return JsonSerializer.Serialize(body, body.GetType(), MatcherJson.With(settings));
    }

    /// <summary>Sets a binary body, copied by the engine.</summary>
    internal static unsafe void Binary(uint interaction, InteractionPart part, byte[] body, string contentType)
    {
        ArgumentNullException.ThrowIfNull(body);
        fixed (byte* bytes = body)
        {
            EngineCall.Require(PactNative.WithBinaryBody(interaction, part, contentType, bytes, (nuint)body.Length), "pactffi_with_binary_body");
        }
    }

    /// <summary>
    /// Adds one part to a multipart request body. The engine reads example parts from files, so the content goes
    /// through a temporary file named like the part's file, removed once the engine has read it.
    /// </summary>
    internal static void MultipartPart(uint interaction, string partName, string fileName, byte[] content, string contentType, string boundary)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        var folder = Directory.CreateTempSubdirectory("replicate-pact-");
        try
        {
            var file = Path.Combine(folder.FullName, Path.GetFileName(fileName));
            File.WriteAllBytes(file, content);
            var result = PactNative.WithMultipartFile(interaction, InteractionPart.Request, contentType, file, partName, boundary);
            var error = PactNative.TakeOwned(result.Value);
            if (result.Tag != StringResultTag.Ok)
            {
                throw new InvalidOperationException($"The Pact engine refused the multipart part '{partName}': {error ?? "no reason given"}.");
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
