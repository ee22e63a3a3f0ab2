using System.Security.Cryptography;
using System.Text;

namespace Replicate.Testing.Engine;

/// <summary>Ids shaped like Replicate's: lowercase base32-ish for runs, 64 hex for versions, stable where derived.</summary>
internal static class Ids
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string Hex64(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    /// <summary>A 26-character id (prediction ids look like <c>gm3qorzdhgbfurvjtvhg6dckhu</c>), deterministic per counter.</summary>
    public static string Run(string kind, long counter)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}:{counter}"));
        return string.Create(26, hash, static (span, bytes) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[bytes[i] % Alphabet.Length];
            }
        });
    }
}
