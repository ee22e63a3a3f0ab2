namespace Replicate.Contracts.Tests.Infrastructure;

/// <summary>Request expectations most interactions share.</summary>
public static class Expect
{
    /// <summary>Media type of JSON bodies.</summary>
    public const string Json = "application/json";

    /// <summary>Media type of RFC 7807 problem details.</summary>
    public const string Problem = "application/problem+json";

    /// <summary>The request carries a bearer token (any token: the provider state decides whether it is valid).</summary>
    public static IRequestBuilderV4 Authorized(this IRequestBuilderV4 request) =>
        request.WithHeader("Authorization", Match.Regex("Bearer " + ContractTest.Token, @"^Bearer \S+$"));

    /// <summary>The request carries a bearer token and asks for JSON.</summary>
    public static IRequestBuilderV4 AuthorizedJson(this IRequestBuilderV4 request) =>
        request.Authorized().WithHeader("Accept", Json);

    /// <summary>A path whose last segments are ids, matched by pattern: <c>Expect.Path("/v1/predictions/{id}", ("id", "q7x2…"))</c>.</summary>
    public static IMatcher Path(string template, params (string Name, string Example)[] ids)
    {
        var example = template;
        var pattern = System.Text.RegularExpressions.Regex.Escape(template);
        foreach (var (name, value) in ids)
        {
            example = example.Replace("{" + name + "}", value, StringComparison.Ordinal);
            pattern = pattern.Replace(@"\{" + name + "}", "[^/]+", StringComparison.Ordinal);
        }

        return Match.Regex(example, "^" + pattern + "$");
    }
}
