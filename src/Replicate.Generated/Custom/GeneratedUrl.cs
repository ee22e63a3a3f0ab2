using System.Text;

namespace Replicate.Generated;

/// <summary>A relative request URL: the escaped path, then the query parameters that are set.</summary>
// CUSTOM: query building shared by every generated operation (unset parameters are left out, names and values escaped).
internal sealed class GeneratedUrl(string path)
{
    private StringBuilder? _query;

    public void Add(string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        _query ??= new StringBuilder(path).Append('?');
        if (_query[^1] != '?')
        {
            _query.Append('&');
        }

        _query.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
    }

    public Uri ToUri() => new(_query?.ToString() ?? path, UriKind.Relative);
}
