using System.Text.Json;
using System.Text.RegularExpressions;

namespace Replicate.Client.ModelSchemas;

/// <summary>The JSON types a schema admits, as flags (none set: any type).</summary>
[Flags]
internal enum JsonTypes
{
    None = 0,
    String = 1,
    Integer = 2,
    Number = 4,
    Boolean = 8,
    Array = 16,
    Object = 32,
    Null = 64,
}

/// <summary>
/// One schema compiled once, when the document is read: keywords are looked up and regexes built at load, so that
/// validating an input walks plain fields and allocates nothing while the input is valid.
/// </summary>
internal sealed class SchemaNode
{
    public JsonTypes Types { get; set; }

    /// <summary>3.0's <c>nullable: true</c> (or a 3.1 type list with <c>null</c>): null is valid whatever else is said.</summary>
    public bool Nullable { get; set; }

    public double? Minimum { get; set; }

    public double? Maximum { get; set; }

    /// <summary>A numeric lower bound that is exclusive (3.1), or 3.0's <c>minimum</c> with <c>exclusiveMinimum: true</c>.</summary>
    public double? ExclusiveMinimum { get; set; }

    public double? ExclusiveMaximum { get; set; }

    public decimal? MultipleOf { get; set; }

    public double? MultipleOfDouble { get; set; }

    public int? MinLength { get; set; }

    public int? MaxLength { get; set; }

    public Regex? Pattern { get; set; }

    public string? PatternText { get; set; }

    public bool FormatUri { get; set; }

    /// <summary><c>enum</c> (or 3.1's <c>const</c>) values, cloned out of the document.</summary>
    public JsonElement[]? Enum { get; set; }

    /// <summary>The string values of <see cref="Enum"/>, read once (null where a value is not a string), so that a comparison allocates nothing.</summary>
    public string?[]? EnumStrings { get; set; }

    public SchemaNode? Items { get; set; }

    public Dictionary<string, SchemaNode>? Properties { get; set; }

    /// <summary>Property names in <c>x-order</c> (then document) order: errors come out in the order a model lists its inputs.</summary>
    public string[]? PropertyOrder { get; set; }

    /// <summary>Required names that have no default (a default is never required).</summary>
    public HashSet<string>? Required { get; set; }

    public List<SchemaNode>? AllOf { get; set; }

    /// <summary><c>anyOf</c> and <c>oneOf</c> alike: valid when one branch is (Cog writes neither but for unions with null).</summary>
    public List<SchemaNode>? AnyOf { get; set; }
}
