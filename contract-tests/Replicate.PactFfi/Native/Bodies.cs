using System.Text;
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

    /// <summary>A <c>multipart/form-data</c> body of <paramref name="parts"/> and its content type (with the boundary).</summary>
    internal static (string ContentType, byte[] Body) Multipart(IReadOnlyList<MultipartPart> parts)
    {
        if (parts.Count == 0)
        {
            throw new ArgumentException("A multipart body needs at least one part.", nameof(parts));
        }

        var boundary = "replicate-pactffi-" + Guid.NewGuid().ToString("N");
        using var body = new MemoryStream();
        foreach (var part in parts)
        {
            var disposition = $"Content-Disposition: form-data; name=\"{part.Name}\""
                + (part.FileName is null ? string.Empty : $"; filename=\"{part.FileName}\"");
            var head = $"--{boundary}\r\n{disposition}\r\n"
                + (part.ContentType is null ? string.Empty : $"Content-Type: {part.ContentType}\r\n")
                + "\r\n";
            body.Write(Encoding.UTF8.GetBytes(head));
            body.Write(part.Content);
            body.Write("\r\n"u8);
        }

        body.Write(Encoding.UTF8.GetBytes($"--{boundary}--\r\n"));
        return ($"multipart/form-data; boundary={boundary}", body.ToArray());
    }
}
