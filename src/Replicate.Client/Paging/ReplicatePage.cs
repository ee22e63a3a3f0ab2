namespace Replicate.Client.Paging;

/// <summary>One page of a list: its items and the token (the API's absolute <c>next</c> URL) that resumes after it.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class ReplicatePage<T>
{
    /// <summary>Creates a page (public so tests of your code can build pages).</summary>
    public ReplicatePage(IReadOnlyList<T> items, string? continuationToken, string? previous = null)
    {
        Items = items ?? throw new ArgumentNullException(nameof(items));
        ContinuationToken = continuationToken;
        Previous = previous;
    }

    /// <summary>The items of this page (possibly none, even when more pages follow).</summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>
    /// The URL of the next page, or null on the last page. Store it to resume later with
    /// <see cref="AsyncPageable{T}.AsPages(string?, CancellationToken)"/>.
    /// </summary>
    public string? ContinuationToken { get; }

    /// <summary>The URL of the previous page, when the API gives one.</summary>
    public string? Previous { get; }
}
