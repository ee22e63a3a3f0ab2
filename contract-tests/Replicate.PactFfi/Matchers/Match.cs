namespace Replicate.PactFfi.Matchers;

/// <summary>
/// Matchers, named as in PactNet 5: use them where the provider may answer other values than the example
/// (ids, timestamps, counts), so the contract says what is fixed and what is only shaped.
/// </summary>
public static class Match
{
    /// <summary>Any value of the example's JSON type (an object: the same keys, each matched by type).</summary>
    public static IMatcher Type(object example) => new Matcher("type", example);

    /// <summary>An array of at least <paramref name="min"/> elements, each shaped like <paramref name="example"/>.</summary>
    public static IMatcher MinType(object example, int min)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(min);
        return new Matcher("type", Enumerable.Repeat(example, Math.Max(min, 1)).ToArray(), ("min", min));
    }

    /// <summary>A string matching the regular expression <paramref name="regex"/>.</summary>
    public static IMatcher Regex(string example, string regex)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(example, regex))
        {
            throw new ArgumentException($"The example '{example}' does not match its own pattern '{regex}'.", nameof(example));
        }

        return new Matcher("regex", example, ("regex", regex));
    }

    /// <summary>Any integer.</summary>
    public static IMatcher Integer(long example) => new Matcher("integer", example);

    /// <summary>Any number with a fractional part.</summary>
    public static IMatcher Decimal(double example) => new Matcher("decimal", example);

    /// <summary>Exactly the example (useful inside a <see cref="Type"/> matcher, to pin one value).</summary>
    public static IMatcher Equality(object example) => new Matcher("equality", example);

    /// <summary>A string that contains <paramref name="example"/>.</summary>
    public static IMatcher Include(string example) => new Matcher("include", example);

    /// <summary>
    /// A timestamp in <paramref name="format"/> (a Java <c>DateTimeFormatter</c> pattern such as
    /// <c>yyyy-MM-dd'T'HH:mm:ss.SSSSSSX</c>). Not in PactNet 5's <c>Match</c>.
    /// </summary>
    public static IMatcher Timestamp(string example, string format) => new Matcher("timestamp", example, ("format", format));

    /// <summary>
    /// An absolute URL whose path (and query) matches <paramref name="pathPattern"/>. The mock server serves it with its
    /// own address in front (so a client can follow it over loopback); the pact keeps <paramref name="example"/> and
    /// tells the provider verifier to put the provider's address in front. Not in PactNet 5.
    /// </summary>
    /// <param name="example">An absolute URL, such as <c>https://api.replicate.com/v1/predictions?cursor=abc</c>.</param>
    /// <param name="pathPattern">A regular expression for the part after the host, such as <c>/v1/predictions\?cursor=.+</c>.</param>
    public static IMatcher MockServerUrl(string example, string pathPattern)
    {
        // The engine keeps what the first group captures and replaces everything before it with the server's address.
        var regex = $".*({pathPattern})$";
        if (!System.Text.RegularExpressions.Regex.IsMatch(example, regex))
        {
            throw new ArgumentException($"The example '{example}' does not end with a match of '{pathPattern}'.", nameof(example));
        }

        return new Matcher("regex", example, ("regex", regex), ("example", example), ("pact:generator:type", "MockServerURL"));
    }
}
