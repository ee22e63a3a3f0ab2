using System.Runtime.CompilerServices;

namespace Replicate.Client.Paging;

/// <summary>
/// A list the API serves in pages. Enumerate it for items (pages are fetched lazily, one at a time, never
/// buffered whole), or call <see cref="AsPages"/> for pages and their continuation tokens.
/// <code>
/// await foreach (var prediction in replicate.Predictions.ListAllAsync()) { … }
/// </code>
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public abstract class AsyncPageable<T> : IAsyncEnumerable<T>
{
    /// <summary>
    /// The pages, starting with the first one, or with the page <paramref name="continuationToken"/> points to
    /// (a <see cref="ReplicatePage{T}.ContinuationToken"/> stored earlier).
    /// </summary>
    public abstract IAsyncEnumerable<ReplicatePage<T>> AsPages(string? continuationToken = null, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public virtual async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        await foreach (var page in AsPages(null, cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in page.Items)
            {
                yield return item;
            }
        }
    }

    /// <summary>A pageable over fixed pages, for tests of code that consumes one.</summary>
    public static AsyncPageable<T> FromPages(IEnumerable<ReplicatePage<T>> pages) => new StaticPageable(pages.ToList());

    private sealed class StaticPageable(List<ReplicatePage<T>> pages) : AsyncPageable<T>
    {
        public override async IAsyncEnumerable<ReplicatePage<T>> AsPages(string? continuationToken = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var start = continuationToken is null ? 0 : pages.FindIndex(p => p.ContinuationToken == continuationToken) + 1;
            foreach (var page in pages.Skip(start))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await Task.Yield();
                yield return page;
            }
        }
    }
}
