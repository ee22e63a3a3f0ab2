using Replicate.Client.RateLimiting;

namespace Replicate.Client.Transport;

/// <summary>
/// Which rate budget a request counts against, from its shape alone, so an operation the API adds later is counted
/// right without joining a list: a POST whose path ends in a <c>predictions</c> or <c>trainings</c> collection creates
/// one (<c>/predictions</c>, <c>/models/{o}/{n}/predictions</c>, <c>/deployments/{o}/{n}/predictions</c>,
/// <c>/models/{o}/{n}/versions/{v}/trainings</c>); everything else is the other budget. A test holds the rule to the
/// baseline: every POST answering 201 with a prediction or training, and nothing else, is a create. Requests outside
/// the API (output downloads, stream hosts) count against neither.
/// </summary>
internal static class RequestKinds
{
    public static ReplicateRequestKind? Of(HttpRequestMessage request, Uri baseAddress)
    {
        var uri = request.RequestUri is { IsAbsoluteUri: true } absolute ? absolute : request.RequestUri is { } relative ? new Uri(baseAddress, relative) : baseAddress;

        // The common case without allocating: HttpClient made the URI from the base address, so its text starts with it.
        var text = uri.OriginalString.AsSpan();
        if (!text.StartsWith(baseAddress.AbsoluteUri, StringComparison.Ordinal) && !UnderBase(uri, baseAddress))
        {
            return null;
        }

        if (request.Method != HttpMethod.Post)
        {
            return ReplicateRequestKind.Other;
        }

        var end = text.IndexOfAny('?', '#');
        var path = (end < 0 ? text : text[..end]).TrimEnd('/');
        var last = path[(path.LastIndexOf('/') + 1)..];
        return last.SequenceEqual("predictions") || last.SequenceEqual("trainings") ? ReplicateRequestKind.Create : ReplicateRequestKind.Other;
    }

    private static bool UnderBase(Uri uri, Uri baseAddress) =>
        string.Equals(uri.Scheme, baseAddress.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.IdnHost, baseAddress.IdnHost, StringComparison.OrdinalIgnoreCase)
        && uri.Port == baseAddress.Port
        && uri.AbsolutePath.StartsWith(baseAddress.AbsolutePath, StringComparison.Ordinal);
}
