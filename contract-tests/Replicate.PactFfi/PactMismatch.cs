namespace Replicate.PactFfi;

/// <summary>One thing the mock server saw that differs from the pact.</summary>
/// <param name="Kind">
/// <c>request-not-found</c> (a request no interaction describes), <c>missing-request</c> (an interaction never
/// requested), or the engine's mismatch type for a request that differs from its interaction (<c>PathMismatch</c>,
/// <c>QueryMismatch</c>, <c>HeaderMismatch</c>, <c>BodyMismatch</c>, <c>BodyTypeMismatch</c>, <c>MethodMismatch</c>).
/// </param>
/// <param name="Method">The request's method.</param>
/// <param name="Path">The request's path.</param>
/// <param name="Location">What differs: a header or query name, or a body path such as <c>$.input.prompt</c>.</param>
/// <param name="Expected">What the pact expects there.</param>
/// <param name="Actual">What the request had there.</param>
/// <param name="Description">The engine's explanation.</param>
public sealed record PactMismatch(
    string Kind,
    string Method,
    string Path,
    string? Location,
    string? Expected,
    string? Actual,
    string Description)
{
    /// <summary>One readable line: <c>GET /v1/account: HeaderMismatch at Authorization: expected '…', actual '…' (…)</c>.</summary>
    public override string ToString()
    {
        var where = Location is null ? string.Empty : $" at {Location}";
        var values = Expected is null && Actual is null ? string.Empty : $": expected {Show(Expected)}, actual {Show(Actual)}";
        return $"{Method} {Path}: {Kind}{where}{values} — {Description}";
    }

    private static string Show(string? value) => value is null ? "(nothing)" : $"'{value}'";
}
