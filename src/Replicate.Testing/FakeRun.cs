using System.Text.Json;

namespace Replicate.Testing;

/// <summary>A prediction or training the fake holds, as it stands at the moment it was read (a snapshot).</summary>
public abstract class FakeRun
{
    private protected FakeRun(Engine.RunState state, DateTimeOffset now)
    {
        Id = state.Id;
        Model = state.Model.ToString();
        Version = state.VersionId;
        Input = state.Input;
        Status = state.StatusAt(now);
        CreatedAt = state.CreatedAt;
        Webhook = state.Webhook;
        WebhookEventsFilter = state.WebhookEventsFilter;
        Logs = state.LogsAt(now);
        Error = state.ErrorAt(now);
        Deadline = state.Deadline;
        Headers = state.Headers;
    }

    /// <summary>The id.</summary>
    public string Id { get; }

    /// <summary>The model, <c>owner/name</c>.</summary>
    public string Model { get; }

    /// <summary>The version id it ran.</summary>
    public string Version { get; }

    /// <summary>The input as sent.</summary>
    public JsonElement Input { get; }

    /// <summary>The status: <c>starting</c>, <c>processing</c>, <c>succeeded</c>, <c>failed</c>, <c>canceled</c> or <c>aborted</c>.</summary>
    public string Status { get; }

    /// <summary>When it was created (fake clock).</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>The webhook URL given on create, or null.</summary>
    public Uri? Webhook { get; }

    /// <summary>The webhook events asked for (all four when the create named none).</summary>
    public IReadOnlyList<string> WebhookEventsFilter { get; }

    /// <summary>The logs printed so far.</summary>
    public string Logs { get; }

    /// <summary>The error of a failed run, or null.</summary>
    public string? Error { get; }

    /// <summary>The <c>Cancel-After</c> deadline, or null.</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>The headers of the create request (names case-insensitive).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }
}
