using System.Text.Json;

namespace Replicate.Testing;

/// <summary>
/// One item of a fake model's output: text (a streamed token), a file served by the fake itself at a URL on its
/// origin that expires, a <c>data:</c> URI, or any JSON value.
/// </summary>
public sealed class FakeOutput
{
    private FakeOutput(FakeOutputKind kind, string? text, ReadOnlyMemory<byte> content, string contentType, string? fileName, JsonElement json)
    {
        Kind = kind;
        Text = text;
        Content = content;
        ContentType = contentType;
        FileName = fileName;
        Json = json;
    }

    /// <summary>What the item is.</summary>
    public FakeOutputKind Kind { get; }

    /// <summary>The text of a <see cref="FakeOutputKind.Text"/> item.</summary>
    public string? Text { get; }

    /// <summary>The bytes of a <see cref="FakeOutputKind.File"/> or <see cref="FakeOutputKind.DataUri"/> item.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>The media type of a file or data URI item.</summary>
    public string ContentType { get; }

    /// <summary>The file name of a <see cref="FakeOutputKind.File"/> item (the last segment of its URL).</summary>
    public string? FileName { get; }

    /// <summary>The value of a <see cref="FakeOutputKind.Json"/> item.</summary>
    public JsonElement Json { get; }

    /// <summary>A text item: a JSON string in the output, an <c>output</c> event on the stream.</summary>
    public static FakeOutput FromText(string text) =>
        new(FakeOutputKind.Text, text ?? throw new ArgumentNullException(nameof(text)), default, "text/plain", null, default);

    /// <summary>A file the fake serves at <c>{origin}/fake/outputs/{prediction}/{fileName}</c> until the output expires.</summary>
    public static FakeOutput FromFile(string fileName, ReadOnlyMemory<byte> content, string contentType = "application/octet-stream")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        if (fileName.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("A file name is one URL segment, without '/'.", nameof(fileName));
        }

        return new(FakeOutputKind.File, null, content, contentType, fileName, default);
    }

    /// <summary>A <c>data:</c> URI item (base64).</summary>
    public static FakeOutput FromDataUri(ReadOnlyMemory<byte> content, string contentType) =>
        new(FakeOutputKind.DataUri, null, content, contentType ?? throw new ArgumentNullException(nameof(contentType)), null, default);

    /// <summary>Any JSON value, given as its text.</summary>
    public static FakeOutput FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new(FakeOutputKind.Json, null, default, "application/json", null, document.RootElement.Clone());
    }
}
