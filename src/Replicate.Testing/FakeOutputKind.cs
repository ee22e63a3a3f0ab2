namespace Replicate.Testing;

/// <summary>The kinds of <see cref="FakeOutput"/>.</summary>
public enum FakeOutputKind
{
    /// <summary>Text: a JSON string, streamed as an <c>output</c> event.</summary>
    Text,

    /// <summary>A file served by the fake at a URL on its origin.</summary>
    File,

    /// <summary>A <c>data:</c> URI.</summary>
    DataUri,

    /// <summary>Any JSON value.</summary>
    Json,
}
