namespace Replicate.Contracts.Tests.Infrastructure;

/// <summary>
/// Example resources as the provider answers them, with matchers wherever the provider may answer other values
/// (ids, timestamps, counts, names), so the contract fixes shapes and the values the client acts on (statuses,
/// enum-like fields), nothing else. Every required property of the spec's schema is present.
/// </summary>
public static class Examples
{
    /// <summary>An id the API gives predictions and trainings.</summary>
    public const string PredictionId = "q7x2m4kd9hbnf3wtz8cja6ep5r";

    /// <summary>A model version id (64 hex characters).</summary>
    public const string VersionId = "a8906074986c7f606224134b9e60c5f01bb99cdca6c24f27356e793d65ca7760";

    /// <summary>A file id.</summary>
    public const string FileId = "t4nv8sk2pwe6yq1hm3zrc7dg5b";

    /// <summary>A timestamp as the API writes them (microseconds, UTC).</summary>
    public static IMatcher Timestamp(string example = "2025-01-02T03:04:05.123456Z") =>
        Match.Timestamp(example, "yyyy-MM-dd'T'HH:mm:ss.SSSSSSX");

    /// <summary>An id: lowercase letters and digits.</summary>
    public static IMatcher Id(string example = PredictionId) => Match.Regex(example, "^[a-z0-9]+$");

    /// <summary>An absolute URL of the API that the mock server serves under its own address.</summary>
    public static IMatcher ApiUrl(string path, string pathPattern) =>
        Match.MockServerUrl("https://api.replicate.com" + path, pathPattern);

    /// <summary>A list envelope whose only page is this one.</summary>
    public static object Page(object item) => new { next = (string?)null, previous = (string?)null, results = Match.MinType(item, 1) };

    /// <summary>
    /// A prediction in <paramref name="status"/>. Properties the API leaves out until they apply (start and end
    /// times, metrics) are absent before then; <c>output</c> and <c>error</c> are always present, null until set.
    /// </summary>
    public static object Prediction(string status, string model = "acme/hello-world")
    {
        var terminal = status is "succeeded" or "failed" or "canceled" or "aborted";
        var prediction = new Dictionary<string, object?>
        {
            ["id"] = Id(),
            ["model"] = Match.Type(model),
            ["version"] = Match.Type(VersionId),
            ["input"] = new { prompt = Match.Type("a cat wearing a hat") },
            ["output"] = status == "succeeded" ? Match.MinType("https://replicate.delivery/xezq/output.png", 1) : null,
            ["logs"] = Match.Type(status == "starting" ? string.Empty : "Generating...\n"),
            ["error"] = null,
            ["status"] = status,
            ["source"] = Match.Regex("api", "^(api|web)$"),
            ["data_removed"] = Match.Type(false),
            ["created_at"] = Timestamp(),
            ["urls"] = new
            {
                web = Match.Regex("https://replicate.com/p/" + PredictionId, "^https://replicate\\.com/p/[a-z0-9]+$"),
                get = ApiUrl("/v1/predictions/" + PredictionId, "/v1/predictions/[a-z0-9]+"),
                cancel = ApiUrl($"/v1/predictions/{PredictionId}/cancel", "/v1/predictions/[a-z0-9]+/cancel"),
            },
        };
        if (status != "starting")
        {
            prediction["started_at"] = Timestamp("2025-01-02T03:04:06.234567Z");
        }

        if (terminal)
        {
            prediction["completed_at"] = Timestamp("2025-01-02T03:04:09.345678Z");
            prediction["metrics"] = new { predict_time = Match.Decimal(3.11), total_time = Match.Decimal(4.22) };
        }

        return prediction;
    }

    /// <summary>A training in <paramref name="status"/>; a succeeded one names the version it produced.</summary>
    public static object Training(string status)
    {
        var training = new Dictionary<string, object?>
        {
            ["id"] = Id("w2ksd8ne4rqh6yzt1bxm9cfa3j"),
            ["model"] = Match.Type("acme/base-model"),
            ["version"] = Match.Type(VersionId),
            ["input"] = new { input_images = Match.Type("https://example.com/images.zip") },
            ["logs"] = Match.Type(string.Empty),
            ["error"] = null,
            ["status"] = status,
            ["source"] = Match.Regex("api", "^(api|web)$"),
            ["created_at"] = Timestamp(),
            ["urls"] = new
            {
                get = ApiUrl("/v1/trainings/w2ksd8ne4rqh6yzt1bxm9cfa3j", "/v1/trainings/[a-z0-9]+"),
                cancel = ApiUrl("/v1/trainings/w2ksd8ne4rqh6yzt1bxm9cfa3j/cancel", "/v1/trainings/[a-z0-9]+/cancel"),
            },
        };
        if (status == "succeeded")
        {
            training["output"] = new { version = Match.Type("acme/tuned:" + VersionId), weights = Match.Type("https://replicate.delivery/weights.tar") };
        }

        return training;
    }

    /// <summary>A model.</summary>
    public static object Model(string owner = "acme", string name = "hello-world") => new
    {
        url = Match.Type($"https://replicate.com/{owner}/{name}"),
        owner = Match.Type(owner),
        name = Match.Type(name),
        description = Match.Type("Says hello."),
        visibility = Match.Regex("public", "^(public|private)$"),
        github_url = Match.Type("https://github.com/acme/hello-world"),
        paper_url = (string?)null,
        license_url = (string?)null,
        run_count = Match.Integer(42),
        cover_image_url = (string?)null,
        default_example = (object?)null,
        latest_version = Version(),
        is_official = Match.Type(false),
    };

    /// <summary>A model version.</summary>
    public static object Version() => new
    {
        id = Match.Regex(VersionId, "^[0-9a-f]{64}$"),
        created_at = Timestamp(),
        cog_version = Match.Type("0.14.0"),
        openapi_schema = Match.Type(new { openapi = "3.0.2" }),
    };

    /// <summary>A deployment.</summary>
    public static object Deployment() => new
    {
        owner = Match.Type("acme"),
        name = Match.Type("my-deployment"),
        current_release = new
        {
            number = Match.Integer(1),
            model = Match.Type("acme/hello-world"),
            version = Match.Type(VersionId),
            created_at = Timestamp(),
            created_by = new { type = Match.Regex("organization", "^(organization|user)$"), username = Match.Type("acme"), name = Match.Type("Acme") },
            configuration = new { hardware = Match.Type("gpu-t4"), min_instances = Match.Integer(0), max_instances = Match.Integer(2) },
        },
    };

    /// <summary>An uploaded file.</summary>
    public static object File() => new
    {
        id = Id(FileId),
        content_type = Match.Type("text/plain"),
        size = Match.Integer(5),
        checksums = new { sha256 = Match.Regex("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", "^[0-9a-f]{64}$") },
        metadata = new { k = Match.Type("v") },
        created_at = Timestamp(),
        expires_at = Timestamp("2025-01-03T03:04:05.123456Z"),
        urls = new { get = ApiUrl("/v1/files/" + FileId, "/v1/files/[a-z0-9]+") },
    };

    /// <summary>An RFC 7807 problem details body.</summary>
    public static object Problem(int status, string title, string detail) => new
    {
        title = Match.Type(title),
        detail = Match.Type(detail),
        status,
    };
}
