namespace Replicate.Tools.Docs;

/// <summary>A named region of compiled code, as it appears in the documentation (common indentation removed).</summary>
/// <param name="Name">The region's name: <c>// region:name</c>.</param>
/// <param name="Code">The lines between the markers, dedented, without leading or trailing blank lines.</param>
/// <param name="Source">Where it is defined: repository-relative path and line.</param>
internal sealed record Snippet(string Name, string Code, string Source);
