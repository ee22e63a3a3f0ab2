using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Replicate.Testing.Engine;

/// <summary>Predictions and trainings: create (with <c>Prefer: wait</c> and <c>Cancel-After</c>), list, get, cancel.</summary>
internal sealed partial class FakeApi
{
    private readonly List<RunState> _runs = [];
    private long _runCounter;

    public IReadOnlyList<RunState> Runs
    {
        get
        {
            lock (_gate)
            {
                return [.. _runs];
            }
        }
    }

    private Dictionary<string, Func<Call, CancellationToken, Task<WireResponse>>> Handlers() => new()
    {
        ["Predictions_Create"] = CreatePredictionAsync,
        ["Models_PredictionsCreate"] = CreatePredictionAsync,
        ["Deployments_PredictionsCreate"] = CreatePredictionAsync,
        ["Predictions_List"] = (call, _) => Task.FromResult(ListRuns(call, training: false)),
        ["Predictions_Get"] = (call, _) => Task.FromResult(GetRun(call, call.Value("prediction_id"), training: false)),
        ["Predictions_Cancel"] = (call, _) => Task.FromResult(CancelRun(call, call.Value("prediction_id"), training: false)),
        ["Trainings_Create"] = (call, _) => Task.FromResult(CreateTraining(call)),
        ["Trainings_List"] = (call, _) => Task.FromResult(ListRuns(call, training: true)),
        ["Trainings_Get"] = (call, _) => Task.FromResult(GetRun(call, call.Value("training_id"), training: true)),
        ["Trainings_Cancel"] = (call, _) => Task.FromResult(CancelRun(call, call.Value("training_id"), training: true)),
        ["Models_List"] = (call, _) => Task.FromResult(ListModels(call)),
        ["Models_Create"] = (call, _) => Task.FromResult(CreateModel(call)),
        ["Models_Get"] = (call, _) => Task.FromResult(WithModel(call, m => WireResponse.Json(200, ModelJson(m)))),
        ["Models_Update"] = (call, _) => Task.FromResult(UpdateModel(call)),
        ["Models_Delete"] = (call, _) => Task.FromResult(DeleteModel(call)),
        ["Models_Search"] = (call, _) => Task.FromResult(SearchModels(call)),
        ["Models_ReadmeGet"] = (call, _) => Task.FromResult(WithModel(call, m => m.Readme is null
            ? WireResponse.Problem(404, "Not found", "This model has no README.")
            : WireResponse.Text(200, "text/plain; charset=utf-8", m.Readme))),
        ["Models_ExamplesList"] = (call, _) => Task.FromResult(WithModel(call, m => WireResponse.Json(200, Page(call, Examples(m, call.Now), 100)))),
        ["Models_VersionsList"] = (call, _) => Task.FromResult(WithModel(call, m => WireResponse.Json(200, Page(call, Versions(m), 100)))),
        ["Models_VersionsGet"] = (call, _) => Task.FromResult(WithVersion(call, (_, v) => WireResponse.Json(200, VersionJson(v)))),
        ["Models_VersionsDelete"] = (call, _) => Task.FromResult(DeleteVersion(call)),
        ["Search_Search"] = (call, _) => Task.FromResult(Search(call)),
        ["Collections_List"] = (call, _) => Task.FromResult(ListCollections(call)),
        ["Collections_Get"] = (call, _) => Task.FromResult(GetCollection(call)),
        ["Deployments_List"] = (call, _) => Task.FromResult(ListDeployments(call)),
        ["Deployments_Create"] = (call, _) => Task.FromResult(CreateDeployment(call)),
        ["Deployments_Get"] = (call, _) => Task.FromResult(WithDeployment(call, d => WireResponse.Json(200, DeploymentJson(d)))),
        ["Deployments_Update"] = (call, _) => Task.FromResult(UpdateDeployment(call)),
        ["Deployments_Delete"] = (call, _) => Task.FromResult(DeleteDeployment(call)),
        ["Files_Create"] = (call, _) => Task.FromResult(CreateFile(call)),
        ["Files_List"] = (call, _) => Task.FromResult(ListFiles(call)),
        ["Files_Get"] = (call, _) => Task.FromResult(WithFile(call, f => WireResponse.Json(200, FileJson(f)))),
        ["Files_Delete"] = (call, _) => Task.FromResult(DeleteFile(call)),
        ["Files_Download"] = (call, _) => Task.FromResult(DownloadFile(call)),
        ["Account_Get"] = (_, _) => Task.FromResult(WireResponse.Json(200, new JsonObject
        {
            ["type"] = "user",
            ["username"] = Options.AccountUsername,
            ["name"] = Options.AccountUsername,
            ["github_url"] = $"https://github.com/{Options.AccountUsername}",
        })),
        ["Hardware_List"] = (_, _) => Task.FromResult(WireResponse.Json(200, new JsonArray(
            [.. Options.Hardware.Select(h => (JsonNode)new JsonObject { ["sku"] = h.Key, ["name"] = h.Value })]))),
        ["Webhooks_DefaultSecretGet"] = (_, _) => Task.FromResult(WireResponse.Json(200, new JsonObject { ["key"] = Options.WebhookSecret })),
    };

    private async Task<WireResponse> CreatePredictionAsync(Call call, CancellationToken cancellationToken)
    {
        var body = call.JsonBody();
        if (body?["input"] is not JsonObject input)
        {
            return WireResponse.Problem(422, "Input validation failed", "input: an object is required");
        }

        ModelEntry? model;
        string? versionId;
        string? deployment = null;
        string? error;
        switch (call.Operation.Id)
        {
            case "Models_PredictionsCreate":
                model = FindModel(call.Value("model_owner"), call.Value("model_name"));
                if (model is null)
                {
                    return WireResponse.Problem(404, "Not found", "The requested model does not exist or you do not have access to it.");
                }

                versionId = model.Latest?.Id;
                error = versionId is null ? "This model has no versions." : null;
                break;
            case "Deployments_PredictionsCreate":
                var entry = FindDeployment(call.Value("deployment_owner"), call.Value("deployment_name"));
                if (entry is null)
                {
                    return WireResponse.Problem(404, "Not found", "The requested deployment does not exist or you do not have access to it.");
                }

                (model, versionId, deployment, error) = (entry.Model, entry.VersionId, $"{entry.Owner}/{entry.Name}", null);
                break;
            default:
                (model, versionId, error) = ResolveVersion(body["version"]?.GetValue<string>());
                break;
        }

        if (error is not null || model is null || versionId is null)
        {
            return WireResponse.Problem(422, "Invalid version or not permitted", error ?? "The specified version does not exist (or perhaps you don't have permission to use it?)");
        }

        var (run, problem) = NewRun(call, body, input, model, versionId, training: false, deployment, destination: null);
        if (problem is not null)
        {
            return problem;
        }

        var hold = PreferWait(call.Request.Header("Prefer"));
        if (hold is { } seconds)
        {
            var changed = new TaskCompletionSource();
            void OnChanged() => changed.TrySetResult();
            run!.Changed += OnChanged;
            try
            {
                var until = call.Now + TimeSpan.FromSeconds(seconds);
                var end = run.End.At;
                await WaitAsync(end < until ? end : until, changed.Task, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                run.Changed -= OnChanged;
            }
        }

        return WireResponse.Json(201, run!.ToJson(this, Time.GetUtcNow()));
    }

    // Prefer: wait holds up to 60 s; wait=N (1..60) for N seconds; the spec's pattern admits 61-99, which the API clamps.
    private static int? PreferWait(string? header)
    {
        if (header is null)
        {
            return null;
        }

        var match = Regex.Match(header, @"(?:^|[,;\s])wait(?:=(\d+))?(?:$|[,;\s])", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
        if (!match.Success)
        {
            return null;
        }

        return match.Groups[1].Success && int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 1, 60) : 60;
    }

    /// <summary>A <c>Cancel-After</c> duration: <c>30s</c>, <c>5m</c>, <c>1h30m</c>, <c>250ms</c> or bare seconds; at least 5 s.</summary>
    internal static TimeSpan? CancelAfter(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        header = header.Trim();
        if (double.TryParse(header, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare))
        {
            return Max5(TimeSpan.FromSeconds(bare));
        }

        var parts = Regex.Matches(header, @"(\d+(?:\.\d+)?)(ms|h|m|s)", RegexOptions.None, TimeSpan.FromSeconds(1));
        if (parts.Count == 0 || string.Concat(parts.Select(p => p.Value)) != header)
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (Match part in parts)
        {
            var value = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                "s" => TimeSpan.FromSeconds(value),
                _ => TimeSpan.FromMilliseconds(value),
            };
        }

        return Max5(total);

        static TimeSpan Max5(TimeSpan t) => t < TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : t;
    }

    // "owner/name:version", "owner/name" (its latest version) or a bare version id of any known model.
    private (ModelEntry? Model, string? VersionId, string? Error) ResolveVersion(string? version)
    {
        if (string.IsNullOrEmpty(version))
        {
            return (null, null, "version: a version id is required");
        }

        var reference = Regex.Match(version, "^([^/]+)/([^/:]+)(:(.+))?$", RegexOptions.None, TimeSpan.FromSeconds(1));
        lock (_gate)
        {
            if (reference.Success)
            {
                var model = FindModel(reference.Groups[1].Value, reference.Groups[2].Value);
                var id = reference.Groups[4].Success ? reference.Groups[4].Value : model?.Latest?.Id;
                return model is not null && model.Versions.Any(v => v.Id == id) ? (model, id, null) : (null, null, null);
            }

            var owner = _models.FirstOrDefault(m => m.Versions.Any(v => v.Id == version));
            return owner is null ? (null, null, null) : (owner, version, null);
        }
    }

    private (RunState? Run, WireResponse? Problem) NewRun(Call call, JsonObject body, JsonObject input, ModelEntry model, string versionId, bool training, string? deployment, string? destination)
    {
        Uri? webhook = null;
        if (body["webhook"] is JsonNode hook)
        {
            if (hook.GetValueKind() != JsonValueKind.String || !Uri.TryCreate(hook.GetValue<string>(), UriKind.Absolute, out webhook) || webhook.Scheme is not ("http" or "https"))
            {
                return (null, WireResponse.Problem(422, "Invalid webhook", "webhook: must be an absolute http(s) URL"));
            }
        }

        IReadOnlyList<string> filter = ["start", "output", "logs", "completed"];
        if (body["webhook_events_filter"] is JsonArray events)
        {
            var names = events.Select(e => e?.GetValueKind() == JsonValueKind.String ? e.GetValue<string>() : string.Empty).ToList();
            if (names.Any(n => !filter.Contains(n)))
            {
                return (null, WireResponse.Problem(422, "Invalid webhook_events_filter", "webhook_events_filter: each event is one of start, output, logs, completed"));
            }

            filter = names;
        }

        var cancelAfter = CancelAfter(call.Request.Header("Cancel-After"));
        if (call.Request.Header("Cancel-After") is not null && cancelAfter is null)
        {
            return (null, WireResponse.Problem(400, "Invalid Cancel-After", "Cancel-After: a duration such as 30s, 5m or 1h30m"));
        }

        RunState run;
        lock (_gate)
        {
            var id = Ids.Run(training ? "training" : "prediction", ++_runCounter);
            run = new RunState(id, training, model.Model, versionId, JsonSerializer.SerializeToElement(input), training ? model.Model.TrainingScript : model.Model.Script, call.Now)
            {
                Deadline = call.Now + cancelAfter,
                Webhook = webhook,
                WebhookEventsFilter = filter,
                Deployment = deployment,
                Destination = destination,
                Headers = call.Request.Headers,
            };
            _runs.Add(run);
        }

        if (webhook is not null)
        {
            Webhooks.Track(run);
        }

        return (run, null);
    }

    private RunState? FindRun(string id, bool training)
    {
        lock (_gate)
        {
            return _runs.FirstOrDefault(r => r.Id == id && r.IsTraining == training);
        }
    }

    private WireResponse GetRun(Call call, string id, bool training) =>
        FindRun(id, training) is { } run
            ? WireResponse.Json(200, run.ToJson(this, call.Now))
            : WireResponse.Problem(404, "Not found", $"No {(training ? "training" : "prediction")} with id '{id}'.");

    private WireResponse CancelRun(Call call, string id, bool training)
    {
        if (FindRun(id, training) is not { } run)
        {
            return WireResponse.Problem(404, "Not found", $"No {(training ? "training" : "prediction")} with id '{id}'.");
        }

        run.Cancel(call.Now);
        return WireResponse.Json(200, run.ToJson(this, call.Now));
    }

    private WireResponse ListRuns(Call call, bool training)
    {
        var after = DateTimeOffset.TryParse(call.Request.QueryValue("created_after"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var a) ? a : (DateTimeOffset?)null;
        var before = DateTimeOffset.TryParse(call.Request.QueryValue("created_before"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var b) ? b : (DateTimeOffset?)null;
        var webOnly = call.Request.QueryValue("source") == "web";
        var items = Runs.Where(r => r.IsTraining == training && !webOnly && (after is null || r.CreatedAt >= after) && (before is null || r.CreatedAt < before))
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => _runs.IndexOf(r))
            .Select(r => (JsonNode)r.ToJson(this, call.Now)).ToList();
        return WireResponse.Json(200, Page(call, items, 100));
    }

    private WireResponse CreateTraining(Call call)
    {
        var body = call.JsonBody();
        if (body?["input"] is not JsonObject input || body["destination"]?.GetValueKind() != JsonValueKind.String)
        {
            return WireResponse.Problem(422, "Input validation failed", "destination and input are required");
        }

        var model = FindModel(call.Value("model_owner"), call.Value("model_name"));
        if (model is null || !model.Versions.Any(v => v.Id == call.Value("version_id")))
        {
            return WireResponse.Problem(404, "Not found", "The requested model version does not exist or you do not have access to it.");
        }

        var destination = body["destination"]!.GetValue<string>();
        var parts = destination.Split('/');
        if (parts.Length != 2 || FindModel(parts[0], parts[1]) is null)
        {
            return WireResponse.Problem(422, "Invalid destination", $"destination: the model '{destination}' does not exist; create it first");
        }

        var (run, problem) = NewRun(call, body, input, model, call.Value("version_id"), training: true, deployment: null, destination);
        return problem ?? WireResponse.Json(201, run!.ToJson(this, call.Now));
    }

    /// <summary>A successful training adds its version to the destination model once it has ended (checked when versions are read).</summary>
    private void SettleTrainings(DateTimeOffset now)
    {
        lock (_gate)
        {
            foreach (var run in _runs.Where(r => r.IsTraining && r.StatusAt(now) == "succeeded"))
            {
                var parts = run.Destination!.Split('/');
                if (FindModel(parts[0], parts[1]) is { } destination && destination.Versions.All(v => v.Id != run.TrainedVersionId))
                {
                    destination.Versions.Add(new VersionEntry(run.TrainedVersionId, run.End.At, destination.Latest?.OpenApiSchema ?? DefaultSchema));
                }
            }
        }
    }
}
