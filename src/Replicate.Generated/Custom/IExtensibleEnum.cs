namespace Replicate.Generated;

/// <summary>
/// A server-owned string set (a status, a source, a visibility): known values as static properties, any other value
/// the server sends kept as it is. Implemented by the generated <c>readonly struct</c>s.
/// </summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
public interface IExtensibleEnum<TSelf>
    where TSelf : struct, IExtensibleEnum<TSelf>
{
    /// <summary>The wire value.</summary>
    string Value { get; }

    /// <summary>Wraps a wire value.</summary>
    /// <param name="value">The value as the API spells it.</param>
    static abstract TSelf Create(string value);
}
