namespace Replicate.PactFfi.Matchers;

/// <summary>
/// A matching rule with its example value. Placed in a body, header, query or path, it is written as Pact's
/// integration JSON (<c>{"pact:matcher:type": "type", "value": …}</c>); the engine serves the example and accepts any
/// actual value the rule admits.
/// </summary>
public interface IMatcher
{
    /// <summary>The rule's name in Pact's integration JSON (<c>type</c>, <c>regex</c>, <c>integer</c>, …).</summary>
    string Type { get; }

    /// <summary>The example value.</summary>
    object? Value { get; }
}
