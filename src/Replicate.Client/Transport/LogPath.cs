namespace Replicate.Client.Transport;

/// <summary>How a request is named in logs and errors: method and path, never the query (it may hold a download signature).</summary>
internal static class LogPath
{
    public static string Of(HttpRequestMessage request) => request.RequestUri is { IsAbsoluteUri: true } uri ? uri.AbsolutePath : request.RequestUri?.OriginalString.Split('?')[0] ?? "/";

    public static string Operation(HttpRequestMessage request) => $"{request.Method.Method} {Of(request)}";
}
