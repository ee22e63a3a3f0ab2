namespace Replicate.Tools.Tests.Fixtures;

/// <summary>Public members the API lister must render as C# declares them (read by <see cref="PublicApiTests"/>).</summary>
public static class ListingFixture
{
    /// <summary>An extension method: its first parameter says <c>this</c>.</summary>
    public static string Shout(this string text) => text.ToUpperInvariant();

    /// <summary>An unconstrained type parameter written without <c>?</c>.</summary>
    public static T Echo<T>(T value) => value;

    /// <summary>An unconstrained type parameter written with <c>?</c>.</summary>
    public static T? Maybe<T>(T? value) => value;

    /// <summary>Type parameters inside other types.</summary>
    public static IReadOnlyList<T> All<T>(IEnumerable<T> items) => [.. items];
}
