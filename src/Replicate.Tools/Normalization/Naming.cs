using System.Text;

namespace Replicate.Tools.Normalization;

/// <summary>Turns the API's snake_case and dotted identifiers into C#-friendly PascalCase names.</summary>
internal static class Naming
{
    /// <summary>
    /// PascalCase: splits on anything that is not a letter or digit and upper-cases the first letter of each
    /// chunk, leaving the rest of the chunk alone, so an already PascalCase name is returned unchanged.
    /// </summary>
    public static string Pascal(string value)
    {
        var builder = new StringBuilder(value.Length);
        var upperNext = true;
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                upperNext = true;
                continue;
            }

            builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
            upperNext = false;
        }

        if (builder.Length == 0)
        {
            return "Unnamed";
        }

        if (char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, 'N');
        }

        return builder.ToString();
    }

    /// <summary>camelCase, for parameter names: <c>deployment_owner</c> → <c>deploymentOwner</c>, <c>Cancel-After</c> → <c>cancelAfter</c>.</summary>
    public static string Camel(string value)
    {
        var pascal = Pascal(value);
        return char.ToLowerInvariant(pascal[0]) + pascal[1..];
    }

    /// <summary>English singular of a PascalCase plural, good enough for property names (results → Result).</summary>
    public static string Singular(string value)
    {
        if (value.EndsWith("ies", StringComparison.Ordinal) && value.Length > 3)
        {
            return value[..^3] + "y";
        }

        if (value.EndsWith('s') && !value.EndsWith("ss", StringComparison.Ordinal) && value.Length > 1)
        {
            return value[..^1];
        }

        return value;
    }

    /// <summary>The stem used to name a schema's nested types: <c>PredictionResponse</c> → <c>Prediction</c>.</summary>
    public static string NestingBase(string schemaName, string reservedSuffix)
    {
        var name = schemaName;
        if (name.EndsWith("Response" + reservedSuffix, StringComparison.Ordinal))
        {
            name = name[..^reservedSuffix.Length];
        }

        return name.EndsWith("Response", StringComparison.Ordinal) && name.Length > "Response".Length
            ? name[..^"Response".Length]
            : name;
    }
}
