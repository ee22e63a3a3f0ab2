using System.Buffers;

namespace Replicate.Client.ModelSchemas;

/// <summary>
/// <c>format: uri</c> as RFC 3986 defines an absolute URI: <c>scheme ":" hier-part</c> over the URI character set.
/// Hand-written because <see cref="Uri.TryCreate(string, UriKind, out Uri)"/> accepts what a model cannot fetch:
/// a local path (<c>/tmp/a.png</c> becomes <c>file:///tmp/a.png</c>) and unescaped spaces.
/// </summary>
internal static class UriSyntax
{
    private static readonly SearchValues<char> UriCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%");

    private static readonly SearchValues<char> SchemeCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-.");

    public static bool IsAbsoluteUri(string text)
    {
        var span = text.AsSpan();
        var colon = span.IndexOf(':');
        if (colon < 1 || !char.IsAsciiLetter(span[0]) || span[..colon].ContainsAnyExcept(SchemeCharacters))
        {
            return false;
        }

        var rest = span[(colon + 1)..];
        if (rest.ContainsAnyExcept(UriCharacters) || !PercentEncodingIsValid(rest))
        {
            return false;
        }

        // A web URL without a host names nothing a model could download.
        var scheme = span[..colon];
        if (scheme.Equals("https", StringComparison.OrdinalIgnoreCase) || scheme.Equals("http", StringComparison.OrdinalIgnoreCase))
        {
            return rest.StartsWith("//") && rest.Length > 2 && rest[2] is not ('/' or '?' or '#');
        }

        return rest.Length > 0;
    }

    private static bool PercentEncodingIsValid(ReadOnlySpan<char> text)
    {
        for (var i = text.IndexOf('%'); i >= 0; i = text.IndexOf('%'))
        {
            if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
            {
                return false;
            }

            text = text[(i + 3)..];
        }

        return true;
    }
}
