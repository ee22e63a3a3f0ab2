using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Replicate.Mcp.Tools;

/// <summary>What a tool tells the audit log about its call beyond the result: the HTTP status, the prediction, a refusal.</summary>
internal sealed class CallNote
{
    private const string Key = "Replicate.Mcp.CallNote";

    public int? Status { get; set; }

    public string? PredictionId { get; set; }

    /// <summary>Set when the outcome is not read off the result (<c>refused</c>).</summary>
    public string? Outcome { get; set; }

    /// <summary>The note of this call, made on first use (the audit filter makes it before the tool runs).</summary>
    public static CallNote Of(RequestContext<CallToolRequestParams> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Items.TryGetValue(Key, out var existing) && existing is CallNote note)
        {
            return note;
        }

        var created = new CallNote();
        request.Items[Key] = created;
        return created;
    }
}
