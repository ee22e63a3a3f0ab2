using System.Security;
using Replicate.Tools.Normalization;

namespace Replicate.Tools.Generation;

/// <summary>Identifier and documentation helpers of the C# renderer.</summary>
internal static class CSharpNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>True for a plain C# identifier (letters, digits, underscores; not starting with a digit).</summary>
    public static bool IsIdentifier(string value) =>
        value.Length > 0 && (char.IsAsciiLetter(value[0]) || value[0] == '_') && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>PascalCase of a wire name: <c>created_at</c> → <c>CreatedAt</c>, <c>Cancel-After</c> → <c>CancelAfter</c>.</summary>
    public static string Pascal(string wireName) => Naming.Pascal(wireName);

    /// <summary>camelCase of a wire name, escaped when it is a C# keyword.</summary>
    public static string Camel(string wireName) => Escape(Naming.Camel(wireName));

    /// <summary>Prefixes <c>@</c> to a C# keyword.</summary>
    public static string Escape(string identifier) => Keywords.Contains(identifier) ? "@" + identifier : identifier;

    /// <summary>A C# string literal.</summary>
    public static string Literal(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal) + "\"";

    /// <summary>Text for an XML doc comment: escaped, one line, trimmed.</summary>
    public static string Doc(string? text, string fallback)
    {
        var value = string.IsNullOrWhiteSpace(text) ? fallback : text;
        var line = string.Join(' ', value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return SecurityElement.Escape(line) ?? string.Empty;
    }
}
