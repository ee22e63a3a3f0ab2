namespace Replicate.Client.Files;

/// <summary>
/// Decodes <c>data:</c> URIs (RFC 2397), which predictions may return instead of file URLs. Hand-written: .NET has
/// no data-URI decoder.
/// </summary>
internal static class DataUri
{
    public static (string MediaType, byte[] Bytes) Decode(Uri uri)
    {
        var text = uri.OriginalString;
        var comma = text.IndexOf(',', StringComparison.Ordinal);
        if (!text.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || comma < 0)
        {
            throw new FormatException("Not a data URI: it must look like 'data:[<media type>][;base64],<data>'.");
        }

        var header = text[5..comma];
        var payload = text[(comma + 1)..];
        var isBase64 = header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase);
        var mediaType = isBase64 ? header[..^7] : header;
        var bytes = isBase64
            ? Convert.FromBase64String(Uri.UnescapeDataString(payload))
            : System.Text.Encoding.UTF8.GetBytes(Uri.UnescapeDataString(payload));
        return (mediaType.Length == 0 ? "text/plain;charset=US-ASCII" : mediaType, bytes);
    }
}
