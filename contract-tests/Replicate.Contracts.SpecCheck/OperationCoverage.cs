using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Replicate.Contracts.SpecCheck;

/// <summary>Which operations of the normalized document the pacts' interactions exercise, by method and path.</summary>
internal sealed class OperationCoverage
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];

    private readonly List<Operation> operations;

    /// <summary>The operations of <paramref name="normalized"/> (paths without <c>/v1</c>, <c>QUERY</c> included).</summary>
    internal OperationCoverage(JsonObject normalized)
    {
        operations = [];
        foreach (var (path, item) in normalized["paths"]?.AsObject() ?? [])
        {
            foreach (var method in Methods)
            {
                if (item?[method] is JsonObject operation)
                {
                    var id = operation["operationId"]?.GetValue<string>() ?? $"{method.ToUpperInvariant()} {path}";
                    operations.Add(new Operation(id, method.ToUpperInvariant(), path, PathPattern(ValidationSpec.ApiPrefix + path)));
                }
            }
        }

        // A literal segment is more specific than a parameter: try templates with fewer parameters first.
        operations.Sort((a, b) => a.Path.Count(c => c == '{').CompareTo(b.Path.Count(c => c == '{')));
    }

    /// <summary>Every operation id of the document.</summary>
    internal IReadOnlyList<string> All => operations.Select(o => o.Id).Order(StringComparer.Ordinal).ToList();

    /// <summary>Whether this document has the endpoint (method and path) that operation <paramref name="id"/> of <paramref name="other"/> has.</summary>
    internal bool HasSameEndpoint(OperationCoverage other, string id) =>
        other.operations.FirstOrDefault(o => o.Id == id) is { } theirs
        && operations.Any(o => o.Method == theirs.Method && o.Path == theirs.Path);

    /// <summary>The operation an interaction's request exercises, or null when none matches.</summary>
    internal string? Find(string method, string path)
    {
        var pathOnly = path.Split('?', 2)[0];
        return operations.FirstOrDefault(o =>
            string.Equals(o.Method, method, StringComparison.OrdinalIgnoreCase) && o.Pattern.IsMatch(pathOnly))?.Id;
    }

    private static Regex PathPattern(string template) =>
        new("^" + Regex.Replace(Regex.Escape(template), @"\\\{[^/]+?\}", "[^/]+") + "$", RegexOptions.CultureInvariant);

    private sealed record Operation(string Id, string Method, string Path, Regex Pattern);
}
