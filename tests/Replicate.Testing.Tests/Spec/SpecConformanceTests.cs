using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Replicate.Testing.Tests.Spec;

/// <summary>
/// The fake is true to the spec: every operation of the committed baseline (enumerated from it here, so an
/// operation added upstream joins the walk by itself) is called against a freshly seeded fake, must answer one of
/// its documented success statuses, and its body must validate against the baseline's schema for that status. An
/// operation accepted from upstream since the last release that the fake does not implement yet is skipped as owed
/// (as its missing consumer contract is): the nightly drift pull request stays green and lists it.
/// </summary>
public class SpecConformanceTests
{
    private const string Token = "r8_conformance";

    public static IEnumerable<BaselineOperation> Operations() => BaselineSchemas.Operations();

    [Test]
    public void The_walk_covers_the_baseline()
    {
        Operations().Should().NotBeEmpty("the walk reads its operations from the committed baseline");
        Operations().Select(o => o.Id).Should().OnlyHaveUniqueItems();
    }

    [TestCaseSource(nameof(Operations))]
    public async Task Every_operation_is_answered_with_a_documented_status_and_a_body_its_schema_accepts(BaselineOperation operation)
    {
        await using var seeded = await Seeded.CreateAsync();
        using var request = BuildRequest(operation, seeded);
        using var http = seeded.Http();

        using var response = await http.SendAsync(request);
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = await response.Content.ReadAsByteArrayAsync();

        var responses = operation.Node["responses"]!.AsObject();
        if (response.StatusCode == HttpStatusCode.NotImplemented && !BaselineSchemas.WasReleased(operation))
        {
            Assert.Ignore($"owed: the fake does not implement {operation.Id} yet (new since the last release)");
        }

        response.StatusCode.Should().NotBe(HttpStatusCode.NotImplemented, $"the fake implements {operation.Id}: {Encoding.UTF8.GetString(body)}");
        responses.Select(r => r.Key).Should().Contain(status, $"{operation.Id} answered {status}, which the baseline does not document: {Encoding.UTF8.GetString(body)}");
        ((int)response.StatusCode).Should().BeInRange(200, 299, $"a seeded call of {operation.Id} succeeds: {Encoding.UTF8.GetString(body)}");

        var content = responses[status]!["content"]?.AsObject();
        if (content is null)
        {
            body.Should().BeEmpty($"{operation.Id} {status} documents no body");
            return;
        }

        var (mediaType, media) = content.Single();
        response.Content.Headers.ContentType!.MediaType.Should().Be(mediaType, $"{operation.Id} documents {mediaType}");
        if (mediaType == "application/json")
        {
            var schema = BaselineSchemas.For(media!["schema"]!, $"{operation.Id}-{status}");
            using var document = JsonDocument.Parse(body);
            BaselineSchemas.Problems(schema, document.RootElement).Should().BeEmpty(
                $"the body of {operation.Id} {status} must match the baseline's schema:\n{Encoding.UTF8.GetString(body)}");
        }
        else
        {
            body.Should().NotBeEmpty($"{operation.Id} answers {mediaType} content");
        }
    }

    [Test]
    public async Task An_operation_the_fake_does_not_implement_answers_501_naming_it()
    {
        await using var seeded = await Seeded.CreateAsync();
        seeded.Api.RemoveHandler("Account_Get");
        using var http = seeded.Http();

        using var response = await http.GetAsync(new Uri(seeded.Fake.BaseAddress, "account"));

        response.StatusCode.Should().Be(HttpStatusCode.NotImplemented);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync()).Should().Contain("Account_Get", "the answer names the operation the fake lacks");
    }

    [TestCase("Files_Get", "GET", "files/nope")]
    [TestCase("Files_Delete", "DELETE", "files/nope")]
    [TestCase("Models_ReadmeGet", "GET", "models/acme/no-readme/readme")]
    public async Task A_documented_404_is_answered_with_the_documented_shape(string operationId, string method, string path)
    {
        await using var seeded = await Seeded.CreateAsync();
        seeded.Fake.AddModel("acme", "no-readme");
        using var http = seeded.Http();

        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(seeded.Fake.BaseAddress, path)));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var operation = Operations().Single(o => o.Id == operationId);
        var documented = operation.Node["responses"]!["404"]!["content"]?["application/json"]?["schema"];
        if (documented is not null)
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
            BaselineSchemas.Problems(BaselineSchemas.For(documented, operationId + "-404"), document.RootElement).Should().BeEmpty();
        }

        (await response.Content.ReadAsStringAsync()).Should().Contain("\"detail\"", "errors are problem details");
    }

    private static HttpRequestMessage BuildRequest(BaselineOperation operation, Seeded seeded)
    {
        var parameters = (operation.Node["parameters"]?.AsArray() ?? []).Select(p => BaselineSchemas.Resolve(Parameter(p!))).ToList();
        var path = operation.Path;
        foreach (var parameter in parameters.Where(p => p["in"]!.GetValue<string>() == "path"))
        {
            var name = parameter["name"]!.GetValue<string>();
            path = path.Replace("{" + name + "}", Uri.EscapeDataString(seeded.Value(name)), StringComparison.Ordinal);
        }

        var query = parameters.Where(p => p["in"]!.GetValue<string>() == "query" && p["required"]?.GetValue<bool>() == true)
            .Select(p => p["name"]!.GetValue<string>())
            .Select(name => $"{name}={Uri.EscapeDataString(seeded.Value(name))}");
        var uri = new Uri(seeded.Fake.BaseAddress, path.TrimStart('/') + (query.Any() ? "?" + string.Join('&', query) : string.Empty));
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        if (operation.Node["requestBody"]?["content"]?.AsObject() is { } content)
        {
            var (mediaType, media) = content.First();
            request.Content = mediaType switch
            {
                "application/json" => new StringContent(Sample(media!["schema"]!, seeded, null)!.ToJsonString(), Encoding.UTF8, "application/json"),
                "multipart/form-data" => Multipart(),
                _ => new StringContent("fake", Encoding.UTF8, mediaType),
            };
        }

        return request;
    }

    private static JsonNode Parameter(JsonNode parameter) =>
        parameter["$ref"]?.GetValue<string>() is { } reference
            ? BaselineSchemas.Document["components"]!["parameters"]![reference["#/components/parameters/".Length..]]!
            : parameter;

    private static MultipartFormDataContent Multipart()
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("hello"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "content", "hello.txt");
        return form;
    }

    // A request body built from the baseline's schema: its required properties, valued from the seeds by name where
    // the fake needs a real reference (a version, a model), otherwise by type or the first enum value.
    private static JsonNode? Sample(JsonNode schemaNode, Seeded seeded, string? name)
    {
        var schema = BaselineSchemas.Resolve(schemaNode);
        if (name is not null && seeded.BodyValue(name) is { } seededValue)
        {
            return seededValue;
        }

        if (schema["enum"] is JsonArray values)
        {
            return values[0]!.DeepClone();
        }

        return schema["type"]?.GetValue<string>() switch
        {
            "object" when schema["properties"] is JsonObject properties => new JsonObject(
                (schema["required"]?.AsArray() ?? []).Select(r => r!.GetValue<string>())
                    .Select(p => KeyValuePair.Create(p, Sample(properties[p]!, seeded, p)))),
            "object" => new JsonObject(),
            "array" => new JsonArray(),
            "integer" => (schema["minimum"]?.GetValue<int>() ?? 1),
            "number" => 1.0,
            "boolean" => true,
            _ => "fake",
        };
    }
}
