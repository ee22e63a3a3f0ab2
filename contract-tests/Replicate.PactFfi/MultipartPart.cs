namespace Replicate.PactFfi;

/// <summary>
/// One part of a <c>multipart/form-data</c> request body: a form field, or a file when it has a file name.
/// </summary>
/// <param name="Name">The form field name.</param>
/// <param name="Content">The part's bytes, compared exactly.</param>
/// <param name="FileName">The file name for a file part; null for a plain field.</param>
/// <param name="ContentType">The part's content type, when it declares one.</param>
public sealed record MultipartPart(string Name, byte[] Content, string? FileName = null, string? ContentType = null)
{
    /// <summary>A plain form field with UTF-8 text.</summary>
    public static MultipartPart Field(string name, string value) => new(name, System.Text.Encoding.UTF8.GetBytes(value));

    /// <summary>A file part.</summary>
    public static MultipartPart File(string name, string fileName, byte[] content, string contentType) => new(name, content, fileName, contentType);
}
