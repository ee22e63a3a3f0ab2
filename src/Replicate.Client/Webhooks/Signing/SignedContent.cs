using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Replicate.Client.Webhooks;

/// <summary>
/// HMAC-SHA256 over the signed content <c>{id}.{timestamp}.{body}</c> without materializing it as a string and
/// without allocations that grow with the body. Hand-written only in how it feeds the BCL's HMAC: small contents
/// are assembled in a pooled buffer and hashed in one shot (the cheapest call), large ones are streamed through
/// <see cref="IncrementalHash"/> so the body is never copied.
/// </summary>
internal static class SignedContent
{
    /// <summary>Byte length of an HMAC-SHA256.</summary>
    public const int HashSize = 32;

    /// <summary>Characters of its padded base64 form.</summary>
    public const int SignatureChars = 44;

    // Up to here, copying the body costs little next to hashing it and the one-shot call saves the incremental
    // object's setup; beyond, the copy would need an ever larger pooled array.
    private const int OneShotLimit = 64 * 1024;
    private const int StackPrefixLimit = 512;
    private const int CharChunk = 4096;

    /// <summary>Hashes <c>{id}.{timestamp}.{body}</c> for a body given as bytes (used as is).</summary>
    public static void ComputeHash(ReadOnlySpan<byte> key, string id, string timestamp, ReadOnlySpan<byte> body, Span<byte> hash)
    {
        var prefixMax = MaxPrefixBytes(id, timestamp);
        if (prefixMax <= OneShotLimit - body.Length)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(prefixMax + body.Length);
            try
            {
                var prefix = WritePrefix(id, timestamp, buffer);
                body.CopyTo(buffer.AsSpan(prefix));
                HMACSHA256.HashData(key, buffer.AsSpan(0, prefix + body.Length), hash);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return;
        }

        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        AppendPrefix(hmac, id, timestamp, prefixMax);
        hmac.AppendData(body);
        hmac.GetHashAndReset(hash);
    }

    /// <summary>Hashes <c>{id}.{timestamp}.{body}</c> for a body given as text (its UTF-8 bytes are signed).</summary>
    public static void ComputeHash(ReadOnlySpan<byte> key, string id, string timestamp, ReadOnlySpan<char> body, Span<byte> hash)
    {
        var prefixMax = MaxPrefixBytes(id, timestamp);
        if (body.Length <= OneShotLimit / 3 && prefixMax <= OneShotLimit)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(prefixMax + Encoding.UTF8.GetMaxByteCount(body.Length));
            try
            {
                var prefix = WritePrefix(id, timestamp, buffer);
                var length = prefix + Encoding.UTF8.GetBytes(body, buffer.AsSpan(prefix));
                HMACSHA256.HashData(key, buffer.AsSpan(0, length), hash);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return;
        }

        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        AppendPrefix(hmac, id, timestamp, prefixMax);

        // Encode in chunks; the encoder carries a surrogate pair split across chunks, so the bytes equal
        // Encoding.UTF8.GetBytes(body) exactly (lone surrogates become U+FFFD in both).
        var encoder = Encoding.UTF8.GetEncoder();
        Span<byte> chunk = stackalloc byte[CharChunk * 3];
        var completed = false;
        while (!completed)
        {
            encoder.Convert(body, chunk, flush: true, out var charsUsed, out var bytesUsed, out completed);
            hmac.AppendData(chunk[..bytesUsed]);
            body = body[charsUsed..];
        }

        hmac.GetHashAndReset(hash);
    }

    private static int MaxPrefixBytes(string id, string timestamp) =>
        checked(Encoding.UTF8.GetMaxByteCount(id.Length) + Encoding.UTF8.GetMaxByteCount(timestamp.Length) + 2);

    private static int WritePrefix(string id, string timestamp, Span<byte> destination)
    {
        var written = Encoding.UTF8.GetBytes(id, destination);
        destination[written++] = (byte)'.';
        written += Encoding.UTF8.GetBytes(timestamp, destination[written..]);
        destination[written++] = (byte)'.';
        return written;
    }

    private static void AppendPrefix(IncrementalHash hmac, string id, string timestamp, int prefixMax)
    {
        byte[]? rented = null;
        var buffer = prefixMax <= StackPrefixLimit ? stackalloc byte[StackPrefixLimit] : (rented = ArrayPool<byte>.Shared.Rent(prefixMax));
        try
        {
            hmac.AppendData(buffer[..WritePrefix(id, timestamp, buffer)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
