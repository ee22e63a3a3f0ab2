namespace Replicate.Client;

/// <summary>
/// One-line text for an exception chain. Shared with the tool (compiled into it as a linked file), so it must stay
/// free of generated types and packages.
/// </summary>
internal static class ExceptionText
{
    /// <summary>The message followed by each inner message that adds something, in parentheses, on one line.</summary>
    public static string Flatten(Exception e)
    {
        var message = e.Message;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!message.Contains(inner.Message, StringComparison.Ordinal))
            {
                message += " (" + inner.Message + ")";
            }
        }

        return message.ReplaceLineEndings(" ");
    }
}
