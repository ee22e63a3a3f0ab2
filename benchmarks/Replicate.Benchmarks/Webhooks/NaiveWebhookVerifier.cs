using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Replicate.Benchmarks.Webhooks;

/// <summary>
/// The comparison point: verification written the obvious, string-based way many webhook libraries use — body
/// decoded to a string, signed content concatenated, an HMAC object per call, base64 strings compared. Same rules
/// as the library (timestamp window, v1 tokens only) so that only the cost differs. Never use it for real.
/// </summary>
internal sealed class NaiveWebhookVerifier(string secret, TimeProvider clock)
{
    private readonly byte[] _key = Convert.FromBase64String(secret["whsec_".Length..]);

    public bool Verify(string id, string timestamp, string signatureHeader, byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        var seconds = long.Parse(timestamp, CultureInfo.InvariantCulture);
        if (Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - seconds) > 300)
        {
            return false;
        }

        using var hmac = new HMACSHA256(_key);
        var expected = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{id}.{timestamp}.{text}")));
        foreach (var token in signatureHeader.Split(' '))
        {
            var parts = token.Split(',');
            if (parts.Length == 2 && parts[0] == "v1" && parts[1] == expected)
            {
                return true;
            }
        }

        return false;
    }
}
