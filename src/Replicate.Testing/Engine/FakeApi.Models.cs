using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Replicate.Testing.Engine;

/// <summary>Models, versions, search, collections.</summary>
internal sealed partial class FakeApi
{
    internal const string DefaultSchema = """
        {"openapi":"3.0.2","info":{"title":"Cog","version":"0.1.0"},"paths":{},"components":{"schemas":{
        "Input":{"type":"object","title":"Input","required":["prompt"],"properties":{"prompt":{"type":"string","title":"Prompt","x-order":0}}},
        "Output":{"type":"string","title":"Output"}}}}
        """;

    private readonly List<ModelEntry> _models = [];
    private readonly List<FakeCollection> _collections = [];

    public ModelEntry AddModel(FakeModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        lock (_gate)
        {
            if (FindModel(model.Owner, model.Name) is { } existing)
            {
                return existing.Model == model ? existing : throw new ArgumentException($"The fake already has a model {model}.", nameof(model));
            }

            var now = Time.GetUtcNow();
            var entry = new ModelEntry(model, now);
            entry.Versions.Add(new VersionEntry(model.VersionId ?? Ids.Hex64("version:" + model), now, model.OpenApiSchema ?? DefaultSchema));
            _models.Add(entry);
            return entry;
        }
    }

    public void AddVersion(string owner, string name, string versionId, string openApiSchema)
    {
        lock (_gate)
        {
            var entry = FindModel(owner, name) ?? throw new ArgumentException($"The fake has no model {owner}/{name}: add it first.", nameof(name));
            if (entry.Versions.Any(v => v.Id == versionId))
            {
                throw new ArgumentException($"The model {owner}/{name} already has a version {versionId}.", nameof(versionId));
            }

            // Newer than every version so far, even when the test's clock has not moved: it becomes the latest.
            var createdAt = Time.GetUtcNow();
            if (entry.Latest is { } latest && latest.CreatedAt >= createdAt)
            {
                createdAt = latest.CreatedAt.AddTicks(1);
            }

            entry.Versions.Add(new VersionEntry(versionId, createdAt, openApiSchema));
        }
    }

    public void AddCollection(FakeCollection collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        lock (_gate)
        {
            foreach (var model in collection.Models)
            {
                AddModel(model);
            }

            _collections.RemoveAll(c => c.Slug == collection.Slug);
            _collections.Add(collection);
        }
    }

    private ModelEntry? FindModel(string owner, string name)
    {
        lock (_gate)
        {
            return _models.FirstOrDefault(m => m.Model.Owner == owner && m.Model.Name == name);
        }
    }

    private WireResponse WithModel(Call call, Func<ModelEntry, WireResponse> then)
    {
        SettleTrainings(call.Now);
        lock (_gate)
        {
            return FindModel(call.Value("model_owner"), call.Value("model_name")) is { } model
                ? then(model)
                : WireResponse.Problem(404, "Not found", "The requested model does not exist or you do not have access to it.");
        }
    }

    private WireResponse WithVersion(Call call, Func<ModelEntry, VersionEntry, WireResponse> then) => WithModel(call, model =>
        model.Versions.FirstOrDefault(v => v.Id == call.Value("version_id")) is { } version
            ? then(model, version)
            : WireResponse.Problem(404, "Not found", "The requested version does not exist."));

    public JsonObject ModelJson(ModelEntry model)
    {
        var json = ModelSearchJson(model);
        json["is_official"] = model.Model.IsOfficial;
        return json;
    }

    private JsonObject ModelSearchJson(ModelEntry model) => new()
    {
        ["url"] = OriginUrl($"fake/web/{model.Model.Owner}/{model.Model.Name}"),
        ["owner"] = model.Model.Owner,
        ["name"] = model.Model.Name,
        ["description"] = model.Description ?? string.Empty,
        ["visibility"] = model.Visibility,
        ["github_url"] = model.GithubUrl,
        ["paper_url"] = model.PaperUrl,
        ["license_url"] = model.LicenseUrl,
        ["cover_image_url"] = model.CoverImageUrl,
        ["run_count"] = model.Model.RunCount + Runs.Count(r => !r.IsTraining && r.Model == model.Model),
        ["default_example"] = null,
        ["latest_version"] = model.Latest is { } latest ? VersionJson(latest) : null,
    };

    private static JsonObject VersionJson(VersionEntry version) => new()
    {
        ["id"] = version.Id,
        ["created_at"] = RunState.Time(version.CreatedAt),
        ["cog_version"] = "0.14.0",
        ["openapi_schema"] = JsonNode.Parse(version.OpenApiSchema),
    };

    private List<JsonNode> Versions(ModelEntry model) =>
        [.. model.Versions.OrderByDescending(v => v.CreatedAt).Select(v => (JsonNode)VersionJson(v))];

    private List<JsonNode> Examples(ModelEntry model, DateTimeOffset now) =>
        [.. Runs.Where(r => !r.IsTraining && r.Model == model.Model && r.StatusAt(now) == "succeeded").Select(r => (JsonNode)r.ToJson(this, now))];

    private List<ModelEntry> Models
    {
        get
        {
            lock (_gate)
            {
                return [.. _models];
            }
        }
    }

    private WireResponse ListModels(Call call)
    {
        var byModel = call.Request.QueryValue("sort_by") == "model_created_at";
        var ascending = call.Request.QueryValue("sort_direction") == "asc";
        Func<ModelEntry, DateTimeOffset> key = byModel ? m => m.CreatedAt : m => m.Latest?.CreatedAt ?? m.CreatedAt;
        var sorted = ascending ? Models.OrderBy(key) : Models.OrderByDescending(key);
        return WireResponse.Json(200, Page(call, [.. sorted.Select(m => (JsonNode)ModelJson(m))], 25));
    }

    private WireResponse CreateModel(Call call)
    {
        var body = call.JsonBody();
        string? Field(string name) => body?[name]?.GetValueKind() == JsonValueKind.String ? body[name]!.GetValue<string>() : null;
        var (owner, name, visibility, hardware) = (Field("owner"), Field("name"), Field("visibility"), Field("hardware"));
        if (owner is null || name is null || visibility is not ("public" or "private") || hardware is null)
        {
            return WireResponse.Problem(422, "Input validation failed", "owner, name, visibility (public or private) and hardware are required");
        }

        if (!Options.Hardware.ContainsKey(hardware))
        {
            return WireResponse.Problem(422, "Invalid hardware", $"hardware: '{hardware}' is not one of {string.Join(", ", Options.Hardware.Keys)}");
        }

        lock (_gate)
        {
            if (FindModel(owner, name) is not null)
            {
                return WireResponse.Problem(409, "Conflict", $"A model {owner}/{name} already exists.");
            }

            var entry = new ModelEntry(new FakeModel(owner, name) { Visibility = visibility, Description = Field("description") ?? string.Empty }, call.Now)
            {
                GithubUrl = Field("github_url"),
                PaperUrl = Field("paper_url"),
                LicenseUrl = Field("license_url"),
                CoverImageUrl = Field("cover_image_url"),
            };
            _models.Add(entry);
            return WireResponse.Json(201, ModelJson(entry));
        }
    }

    private WireResponse UpdateModel(Call call) => WithModel(call, model =>
    {
        var body = call.JsonBody() ?? [];
        string? Field(string name) => body[name]?.GetValueKind() == JsonValueKind.String ? body[name]!.GetValue<string>() : null;
        model.Description = Field("description") ?? model.Description;
        model.Readme = Field("readme") ?? model.Readme;
        model.GithubUrl = Field("github_url") ?? model.GithubUrl;
        model.PaperUrl = Field("paper_url") ?? model.PaperUrl;
        model.LicenseUrl = Field("license_url") ?? model.LicenseUrl;
        return WireResponse.Json(200, ModelJson(model));
    });

    private WireResponse DeleteModel(Call call) => WithModel(call, model =>
    {
        _models.Remove(model);
        return WireResponse.Empty(204);
    });

    private WireResponse DeleteVersion(Call call) => WithVersion(call, (model, version) =>
    {
        model.Versions.Remove(version);
        return WireResponse.Empty(202);
    });

    private List<ModelEntry> Matching(string query) =>
        [.. Models.Where(m => query.Length == 0
            || m.Model.ToString().Contains(query, StringComparison.OrdinalIgnoreCase)
            || (m.Description ?? string.Empty).Contains(query, StringComparison.OrdinalIgnoreCase))];

    private WireResponse SearchModels(Call call)
    {
        var query = Encoding.UTF8.GetString(call.Request.Body).Trim();
        var page = Page(call, [.. Matching(query).Select(m => (JsonNode)ModelSearchJson(m))], 25);
        return WireResponse.Json(200, page);
    }

    private WireResponse Search(Call call)
    {
        var query = call.Request.QueryValue("query");
        if (string.IsNullOrWhiteSpace(query))
        {
            return WireResponse.Problem(400, "Bad request", "query: a search text is required");
        }

        var limit = int.TryParse(call.Request.QueryValue("limit"), out var l) ? Math.Clamp(l, 1, 50) : 20;
        var models = Matching(query).Take(limit).Select(m => (JsonNode)new JsonObject
        {
            ["model"] = ModelJson(m),
            ["metadata"] = new JsonObject { ["generated_description"] = m.Description, ["score"] = 1.0, ["tags"] = new JsonArray() },
        });
        List<FakeCollection> collections;
        lock (_gate)
        {
            collections = [.. _collections.Where(c => c.Name.Contains(query, StringComparison.OrdinalIgnoreCase) || c.Slug.Contains(query, StringComparison.OrdinalIgnoreCase))];
        }

        return WireResponse.Json(200, new JsonObject
        {
            ["query"] = query,
            ["models"] = new JsonArray([.. models]),
            ["collections"] = new JsonArray([.. collections.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["slug"] = c.Slug,
                ["description"] = c.Description,
                ["models"] = new JsonArray([.. c.Models.Select(m => (JsonNode)JsonValue.Create(m.ToString()))]),
            })]),
            ["pages"] = new JsonArray(),
        });
    }

    private WireResponse ListCollections(Call call)
    {
        List<FakeCollection> collections;
        lock (_gate)
        {
            collections = [.. _collections];
        }

        return WireResponse.Json(200, Page(call, [.. collections.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["slug"] = c.Slug, ["description"] = c.Description })], 100));
    }

    private WireResponse GetCollection(Call call)
    {
        FakeCollection? collection;
        lock (_gate)
        {
            collection = _collections.FirstOrDefault(c => c.Slug == call.Value("collection_slug"));
        }

        return collection is null
            ? WireResponse.Problem(404, "Not found", "No such collection.")
            : WireResponse.Json(200, new JsonObject
            {
                ["name"] = collection.Name,
                ["slug"] = collection.Slug,
                ["description"] = collection.Description,
                ["full_description"] = null,
                ["models"] = new JsonArray([.. collection.Models.Select(m => FindModel(m.Owner, m.Name)).OfType<ModelEntry>().Select(m => (JsonNode)ModelJson(m))]),
            });
    }
}
