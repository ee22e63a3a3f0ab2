namespace Replicate.Client.Streaming;

/// <summary>One server-sent event of a prediction's stream: <c>output</c> (a text token or a file URL) or <c>logs</c>.</summary>
/// <param name="EventType">The event name (<c>output</c>, <c>logs</c>, or another the server adds later).</param>
/// <param name="Data">The event data; several <c>data:</c> lines are joined with <c>\n</c>.</param>
/// <param name="Id">The event id, when the server sends one.</param>
public sealed record ReplicateStreamEvent(string EventType, string Data, string? Id)
{
    /// <summary>Whether this is model output.</summary>
    public bool IsOutput => EventType == "output";

    /// <summary>Whether this is a log line.</summary>
    public bool IsLogs => EventType == "logs";
}
