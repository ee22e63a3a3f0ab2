using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Replicate.Testing.Engine;

/// <summary>
/// One prediction or training. Its status, logs and output are a function of the clock (and of a cancel or deadline),
/// computed when read, so advancing time needs no timers to move it through its statuses.
/// </summary>
internal sealed class RunState
{
    private readonly object _gate = new();
    private DateTimeOffset? _canceledAt;

    public RunState(string id, bool isTraining, FakeModel model, string versionId, JsonElement input, FakeRunScript script, DateTimeOffset createdAt)
    {
        Id = id;
        IsTraining = isTraining;
        Model = model;
        VersionId = versionId;
        Input = input;
        Script = script;
        CreatedAt = createdAt;
    }

    public string Id { get; }

    public bool IsTraining { get; }

    public FakeModel Model { get; }

    public string VersionId { get; }

    public JsonElement Input { get; }

    public FakeRunScript Script { get; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset? Deadline { get; init; }

    public Uri? Webhook { get; init; }

    public IReadOnlyList<string> WebhookEventsFilter { get; init; } = ["start", "output", "logs", "completed"];

    public string? Deployment { get; init; }

    public string? Destination { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Signalled when a cancel changes the timeline (the webhook loop and streams wake up).</summary>
    public event Action? Changed;

    public DateTimeOffset StartAt => CreatedAt + Script.QueueTime;

    private DateTimeOffset NaturalEnd => StartAt + Script.RunTime;

    /// <summary>When the run ends and how.</summary>
    public (DateTimeOffset At, string Status) End
    {
        get
        {
            var end = (At: NaturalEnd, Status: Script.Error is null ? "succeeded" : "failed");
            DateTimeOffset? canceledAt;
            lock (_gate)
            {
                canceledAt = _canceledAt;
            }

            if (canceledAt is { } c && c < end.At)
            {
                end = (c, "canceled");
            }

            if (Deadline is { } d && d < end.At)
            {
                end = (d, d < StartAt ? "aborted" : "canceled");
            }

            return end;
        }
    }

    /// <summary>Cancels now, unless the run already ended. True when it changed anything.</summary>
    public bool Cancel(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (now >= End.At || _canceledAt is not null)
            {
                return false;
            }

            _canceledAt = now;
        }

        Changed?.Invoke();
        return true;
    }

    public string StatusAt(DateTimeOffset now)
    {
        var end = End;
        return now >= end.At ? end.Status : now >= StartAt ? "processing" : "starting";
    }

    public static bool IsTerminal(string status) => status is not ("starting" or "processing");

    public string? ErrorAt(DateTimeOffset now) => StatusAt(now) == "failed" ? Script.Error : null;

    /// <summary>Every timed line the run prints (logs and tqdm progress), in order.</summary>
    public IReadOnlyList<(DateTimeOffset At, string Line)> LogTimeline()
    {
        var lines = new List<(DateTimeOffset, string)>();
        var run = Script.RunTime;
        for (var i = 0; i < Script.Logs.Count; i++)
        {
            lines.Add((StartAt + (run * (i + 1) / (Script.Logs.Count + 1)), Script.Logs[i]));
        }

        var steps = Script.ProgressSteps;
        for (var k = 0; k <= steps && steps > 0; k++)
        {
            var percent = k * 100 / steps;
            var filled = k * 10 / steps;
            var bar = new string('█', filled) + new string(' ', 10 - filled);
            var at = StartAt + (run * k / steps);
            var elapsed = run * k / steps;
            lines.Add((at, string.Create(CultureInfo.InvariantCulture, $"{percent,3}%|{bar}| {k}/{steps} [{elapsed:mm\\:ss}<{run - elapsed:mm\\:ss}, {steps / Math.Max(run.TotalSeconds, 0.001):0.00}it/s]")));
        }

        return [.. lines.OrderBy(l => l.Item1)];
    }

    /// <summary>When each output item appears.</summary>
    public IReadOnlyList<(DateTimeOffset At, FakeOutput Item)> OutputTimeline()
    {
        var n = Script.Outputs.Count;
        return [.. Script.Outputs.Select((item, i) => (StartAt + (Script.RunTime * (i + 1) / n), item))];
    }

    // Lines and items show up to the earlier of now and the end (a canceled run keeps what it printed before).
    private DateTimeOffset Visible(DateTimeOffset now)
    {
        var end = End.At;
        return now < end ? now : end;
    }

    public string LogsAt(DateTimeOffset now)
    {
        var until = Visible(now);
        var builder = new StringBuilder();
        if (now >= StartAt && StartAt <= End.At)
        {
            foreach (var (at, line) in LogTimeline().Where(l => l.At <= until))
            {
                builder.Append(line).Append('\n');
            }
        }

        if (StatusAt(now) == "failed")
        {
            builder.Append(Script.Error).Append('\n');
        }

        return builder.ToString();
    }

    public IReadOnlyList<FakeOutput> OutputItemsAt(DateTimeOffset now)
    {
        var status = StatusAt(now);
        if (status == "failed" || now < StartAt)
        {
            return [];
        }

        var until = Visible(now);
        return [.. OutputTimeline().Where(o => o.At <= until).Select(o => o.Item)];
    }

    public bool OutputIsList => Script.OutputIsList ?? (Script.Outputs.Count != 1 || Script.Streams);

    /// <summary>The next moment after <paramref name="now"/> at which anything visible changes, or null when nothing will.</summary>
    public DateTimeOffset? NextChangeAfter(DateTimeOffset now)
    {
        var end = End.At;
        var moments = new List<DateTimeOffset> { StartAt, end };
        moments.AddRange(LogTimeline().Select(l => l.At));
        moments.AddRange(OutputTimeline().Select(o => o.At));
        var next = moments.Where(m => m > now && m <= end).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        return next == DateTimeOffset.MaxValue ? null : next;
    }

    /// <summary>The run as the API returns it.</summary>
    public JsonObject ToJson(FakeApi api, DateTimeOffset now)
    {
        var status = StatusAt(now);
        var end = End;
        var removed = IsTerminal(status) && now >= end.At + api.Options.DataLifetime;
        var urls = new JsonObject
        {
            ["get"] = api.Url(IsTraining ? $"trainings/{Id}" : $"predictions/{Id}"),
            ["cancel"] = api.Url(IsTraining ? $"trainings/{Id}/cancel" : $"predictions/{Id}/cancel"),
        };
        if (!IsTraining)
        {
            urls["web"] = api.OriginUrl($"fake/web/p/{Id}");
            if (Script.Streams)
            {
                urls["stream"] = api.OriginUrl($"fake/streams/{Id}");
            }
        }

        var json = new JsonObject
        {
            ["id"] = Id,
            ["model"] = Model.ToString(),
            ["version"] = VersionId,
            ["input"] = removed ? new JsonObject() : JsonNode.Parse(Input.GetRawText()),
            ["logs"] = LogsAt(now),
            ["error"] = ErrorAt(now),
            ["status"] = status,
            ["source"] = "api",
            ["created_at"] = Time(CreatedAt),
            ["urls"] = urls,
        };

        if (IsTraining)
        {
            if (status == "succeeded")
            {
                json["output"] = new JsonObject { ["version"] = TrainedVersionId, ["weights"] = api.OriginUrl($"fake/outputs/{Id}/weights.tar") };
            }
        }
        else
        {
            json["output"] = removed ? null : OutputJson(api, now);
            json["data_removed"] = removed;
        }

        if (now >= StartAt && StartAt <= end.At)
        {
            json["started_at"] = Time(StartAt);
        }

        if (IsTerminal(status))
        {
            json["completed_at"] = Time(end.At);
            var metrics = new JsonObject { ["total_time"] = (end.At - CreatedAt).TotalSeconds };
            if (end.At > StartAt)
            {
                metrics["predict_time"] = (end.At - StartAt).TotalSeconds;
            }

            json["metrics"] = metrics;
        }
        else
        {
            json["metrics"] = new JsonObject();
        }

        if (Deadline is { } deadline)
        {
            json["deadline"] = Time(deadline);
        }

        if (Deployment is not null)
        {
            json["deployment"] = Deployment;
        }

        return json;
    }

    /// <summary>The id of the version a successful training creates.</summary>
    public string TrainedVersionId => Ids.Hex64("trained:" + Id);

    private JsonNode? OutputJson(FakeApi api, DateTimeOffset now)
    {
        var items = OutputItemsAt(now);
        if (OutputIsList)
        {
            return items.Count == 0 && now < StartAt ? null : new JsonArray([.. items.Select(i => ItemJson(api, i))]);
        }

        return StatusAt(now) == "succeeded" && items.Count > 0 ? ItemJson(api, items[^1]) : null;
    }

    public JsonNode? ItemJson(FakeApi api, FakeOutput item) => item.Kind switch
    {
        FakeOutputKind.Text => JsonValue.Create(item.Text),
        FakeOutputKind.File => JsonValue.Create(api.OriginUrl($"fake/outputs/{Id}/{Uri.EscapeDataString(item.FileName!)}")),
        FakeOutputKind.DataUri => JsonValue.Create($"data:{item.ContentType};base64,{Convert.ToBase64String(item.Content.Span)}"),
        _ => JsonNode.Parse(item.Json.GetRawText()),
    };

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
