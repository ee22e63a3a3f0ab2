namespace Replicate.Client.ModelSchemas;

/// <summary>The closest known name to a misspelt one, by edit distance (case-insensitive), when it is close enough.</summary>
internal static class DidYouMean
{
    public static string? Closest(string name, IEnumerable<string> known)
    {
        // A third of the name, at least 2: guidence_scale -> guidance_scale (1), sed -> seed (1), but not width -> prompt.
        var limit = Math.Max(2, name.Length / 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(name, candidate);
            if (distance <= limit && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    // Damerau-Levenshtein (optimal string alignment), so that a swapped pair (wdith) counts as one edit. Three rows on
    // the stack: input names are short, and a suggestion per unknown name must not allocate a matrix per candidate.
    private static int Distance(string a, string b)
    {
        if (b.Length > 128)
        {
            return int.MaxValue;
        }

        Span<int> twoBack = stackalloc int[b.Length + 1];
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = Same(a[i - 1], b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && Same(a[i - 1], b[j - 2]) && Same(a[i - 2], b[j - 1]))
                {
                    current[j] = Math.Min(current[j], twoBack[j - 2] + 1);
                }
            }

            var recycled = twoBack;
            twoBack = previous;
            previous = current;
            current = recycled;
        }

        return previous[b.Length];
    }

    private static bool Same(char x, char y) => char.ToLowerInvariant(x) == char.ToLowerInvariant(y);
}
