using System.Text.Json;
using System.Text.Json.Nodes;

namespace Replicate.Testing.Engine;

/// <summary>Deployments: list, create, get, update (a new release), delete.</summary>
internal sealed partial class FakeApi
{
    private readonly List<DeploymentEntry> _deployments = [];

    public void AddDeployment(FakeDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var model = AddModel(deployment.Model);
        lock (_gate)
        {
            _deployments.RemoveAll(d => d.Owner == deployment.Owner && d.Name == deployment.Name);
            _deployments.Add(new DeploymentEntry(deployment.Owner, deployment.Name)
            {
                Model = model,
                VersionId = model.Latest!.Id,
                Hardware = deployment.Hardware,
                MinInstances = deployment.MinInstances,
                MaxInstances = deployment.MaxInstances,
                ReleasedAt = Time.GetUtcNow(),
            });
        }
    }

    private DeploymentEntry? FindDeployment(string owner, string name)
    {
        lock (_gate)
        {
            return _deployments.FirstOrDefault(d => d.Owner == owner && d.Name == name);
        }
    }

    private WireResponse WithDeployment(Call call, Func<DeploymentEntry, WireResponse> then)
    {
        lock (_gate)
        {
            return FindDeployment(call.Value("deployment_owner"), call.Value("deployment_name")) is { } deployment
                ? then(deployment)
                : WireResponse.Problem(404, "Not found", "The requested deployment does not exist or you do not have access to it.");
        }
    }

    private JsonObject DeploymentJson(DeploymentEntry deployment) => new()
    {
        ["owner"] = deployment.Owner,
        ["name"] = deployment.Name,
        ["current_release"] = new JsonObject
        {
            ["number"] = deployment.Release,
            ["model"] = deployment.Model.Model.ToString(),
            ["version"] = deployment.VersionId,
            ["created_at"] = RunState.Time(deployment.ReleasedAt),
            ["created_by"] = new JsonObject { ["type"] = "user", ["username"] = Options.AccountUsername, ["name"] = Options.AccountUsername },
            ["configuration"] = new JsonObject
            {
                ["hardware"] = deployment.Hardware,
                ["min_instances"] = deployment.MinInstances,
                ["max_instances"] = deployment.MaxInstances,
            },
        },
    };

    private WireResponse ListDeployments(Call call)
    {
        List<DeploymentEntry> deployments;
        lock (_gate)
        {
            deployments = [.. _deployments];
        }

        return WireResponse.Json(200, Page(call, [.. deployments.Select(d => (JsonNode)DeploymentJson(d))], 100));
    }

    private static int? Int(JsonObject body, string name) => body[name]?.GetValueKind() == JsonValueKind.Number ? body[name]!.GetValue<int>() : null;

    private static string? Str(JsonObject body, string name) => body[name]?.GetValueKind() == JsonValueKind.String ? body[name]!.GetValue<string>() : null;

    // The spec's limits: 0 <= min_instances <= 5, 0 <= max_instances <= 20.
    private string? InvalidRelease(string? hardware, string? version, ModelEntry model, int? min, int? max)
    {
        if (hardware is not null && !Options.Hardware.ContainsKey(hardware))
        {
            return $"hardware: '{hardware}' is not one of {string.Join(", ", Options.Hardware.Keys)}";
        }

        if (version is not null && model.Versions.All(v => v.Id != version))
        {
            return $"version: '{version}' is not a version of {model.Model}";
        }

        return min is < 0 or > 5 ? "min_instances: between 0 and 5" : max is < 0 or > 20 ? "max_instances: between 0 and 20" : null;
    }

    private WireResponse CreateDeployment(Call call)
    {
        var body = call.JsonBody() ?? [];
        var (name, modelName, version, hardware) = (Str(body, "name"), Str(body, "model"), Str(body, "version"), Str(body, "hardware"));
        var (min, max) = (Int(body, "min_instances"), Int(body, "max_instances"));
        if (name is null || modelName is null || version is null || hardware is null || min is null || max is null)
        {
            return WireResponse.Problem(422, "Input validation failed", "name, model, version, hardware, min_instances and max_instances are required");
        }

        var parts = modelName.Split('/');
        if (parts.Length != 2 || FindModel(parts[0], parts[1]) is not { } model)
        {
            return WireResponse.Problem(422, "Invalid model", $"model: '{modelName}' does not exist");
        }

        if (InvalidRelease(hardware, version, model, min, max) is { } invalid)
        {
            return WireResponse.Problem(422, "Input validation failed", invalid);
        }

        lock (_gate)
        {
            if (FindDeployment(Options.AccountUsername, name) is not null)
            {
                return WireResponse.Problem(409, "Conflict", $"A deployment {Options.AccountUsername}/{name} already exists.");
            }

            var entry = new DeploymentEntry(Options.AccountUsername, name)
            {
                Model = model,
                VersionId = version,
                Hardware = hardware,
                MinInstances = min.Value,
                MaxInstances = max.Value,
                ReleasedAt = call.Now,
            };
            _deployments.Add(entry);
            return WireResponse.Json(200, DeploymentJson(entry));
        }
    }

    private WireResponse UpdateDeployment(Call call) => WithDeployment(call, deployment =>
    {
        var body = call.JsonBody() ?? [];
        var (version, hardware, min, max) = (Str(body, "version"), Str(body, "hardware"), Int(body, "min_instances"), Int(body, "max_instances"));
        if (InvalidRelease(hardware, version, deployment.Model, min, max) is { } invalid)
        {
            return WireResponse.Problem(422, "Input validation failed", invalid);
        }

        deployment.VersionId = version ?? deployment.VersionId;
        deployment.Hardware = hardware ?? deployment.Hardware;
        deployment.MinInstances = min ?? deployment.MinInstances;
        deployment.MaxInstances = max ?? deployment.MaxInstances;
        deployment.Release++;
        deployment.ReleasedAt = call.Now;
        return WireResponse.Json(200, DeploymentJson(deployment));
    });

    private WireResponse DeleteDeployment(Call call) => WithDeployment(call, deployment =>
    {
        _deployments.Remove(deployment);
        return WireResponse.Empty(204);
    });
}
