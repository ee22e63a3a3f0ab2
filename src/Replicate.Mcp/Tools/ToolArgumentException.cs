using Replicate.Client.Errors;

namespace Replicate.Mcp.Tools;

/// <summary>A call the server refuses before sending anything (a malformed argument, a URL off the API's origin, no token): a tool error, never a request.</summary>
internal sealed class ToolArgumentException(string message) : ReplicateException(message, "tool arguments");
