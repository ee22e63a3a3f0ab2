using System.Text.Json.Nodes;
using Replicate.Tools.Normalization;

namespace Replicate.Tools.Tests;

/// <summary>Each normalizer rule on a small synthetic document.</summary>
public class NormalizerRuleTests
{
    private static JsonObject Normalize(string json) => new Normalizer().Normalize(JsonUtil.ParseObject(json, "test document"));

    private static JsonObject Op(JsonObject doc, string path, string method) => doc["paths"]![path]![method]!.AsObject();

    private static JsonObject Schema(JsonObject doc, string name) =>
        doc["components"]?["schemas"]?[name] as JsonObject
        ?? throw new AssertionException($"component {name} missing; have: {string.Join(", ", (doc["components"]?["schemas"] as JsonObject ?? []).Select(p => p.Key))}");

    private static string Ref(JsonNode? node) => node!["$ref"]!.GetValue<string>();

    private static string Doc(string paths, string schemas = "{}", string? parameters = null) =>
        Fill("""{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":@paths@,"components":{"schemas":@schemas@@parameters@}}""",
            ("paths", paths), ("schemas", schemas), ("parameters", parameters is null ? "" : ",\"parameters\":" + parameters));

    private static string Fill(string template, params (string Key, string Value)[] values) =>
        values.Aggregate(template, (text, v) => text.Replace("@" + v.Key + "@", v.Value, StringComparison.Ordinal));

    private const string Ok = """{"200":{"description":"ok"}}""";

    [Test]
    public void Dotted_operation_ids_become_a_tag_and_Tag_Method_ids()
    {
        var doc = Normalize(Doc(Fill("""
            {"/models/{o}/{n}/versions/{v}":{"get":{"operationId":"models.versions.get","responses":@Ok@}},
             "/search":{"get":{"operationId":"search","responses":@Ok@}},
             "/webhooks/default/secret":{"get":{"operationId":"webhooks.default.secret.get","responses":@Ok@}}}
            """, ("Ok", Ok))));

        Op(doc, "/models/{o}/{n}/versions/{v}", "get")["operationId"]!.GetValue<string>().Should().Be("Models_VersionsGet");
        Op(doc, "/models/{o}/{n}/versions/{v}", "get")["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("Models");
        Op(doc, "/search", "get")["operationId"]!.GetValue<string>().Should().Be("Search_Search", "a one-segment id names both the client and the method");
        Op(doc, "/webhooks/default/secret", "get")["operationId"]!.GetValue<string>().Should().Be("Webhooks_DefaultSecretGet");
    }

    [Test]
    public void An_operation_without_an_id_gets_one_from_its_path_and_method()
    {
        var doc = Normalize(Doc(Fill("""{"/models/{owner}/readme":{"get":{"responses":@Ok@}}}""", ("Ok", Ok))));

        Op(doc, "/models/{owner}/readme", "get")["operationId"]!.GetValue<string>().Should().Be("Models_ReadmeGet");
    }

    [Test]
    public void Two_operations_that_would_get_the_same_id_are_an_error_naming_both()
    {
        var act = () => Normalize(Doc(Fill("""
            {"/a":{"get":{"operationId":"models.get","responses":@Ok@}},
             "/b":{"get":{"operationId":"models.get","responses":@Ok@}}}
            """, ("Ok", Ok))));

        act.Should().Throw<InvalidDataException>().WithMessage("*Models_Get*GET /a*GET /b*");
    }

    [Test]
    public void Parameters_get_camelCase_variable_names_and_keep_their_wire_names()
    {
        var doc = Normalize(Doc(
            """
            {"/d/{deployment_owner}":{"parameters":[{"name":"deployment_owner","in":"path","required":true,"schema":{"type":"string"}}],
              "post":{"operationId":"d.create","parameters":[{"$ref":"#/components/parameters/cancel_after"},
                {"name":"limit","in":"query","schema":{"type":"integer"}}],"responses":{"200":{"description":"ok"}}}}}
            """,
            schemas: "{}",
            parameters: """{"cancel_after":{"name":"Cancel-After","in":"header","schema":{"type":"string"}}}"""));

        var pathLevel = doc["paths"]!["/d/{deployment_owner}"]!["parameters"]![0]!;
        pathLevel["name"]!.GetValue<string>().Should().Be("deployment_owner", "the wire name is what the request uses");
        pathLevel["x-originalName"]!.GetValue<string>().Should().Be("deploymentOwner", "NSwag names the C# parameter after x-originalName");
        var header = doc["components"]!["parameters"]!["cancel_after"]!;
        header["name"]!.GetValue<string>().Should().Be("Cancel-After");
        header["x-originalName"]!.GetValue<string>().Should().Be("cancelAfter", "not NSwag's own cancel_After");
        Op(doc, "/d/{deployment_owner}", "post")["parameters"]![1]!.AsObject().ContainsKey("x-originalName")
            .Should().BeFalse("a name that is already a C# identifier needs nothing");
    }

    [Test]
    public void Components_lose_the_schemas_prefix_and_references_follow()
    {
        var doc = Normalize(Doc(
            """{"/p":{"get":{"operationId":"p.get","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/schemas_prediction_response"}}}}}}}}""",
            """{"schemas_prediction_response":{"type":"object","properties":{"id":{"type":"string"}}}}"""));

        Schema(doc, "PredictionResponse");
        Ref(Op(doc, "/p", "get")["responses"]!["200"]!["content"]!["application/json"]!["schema"])
            .Should().Be("#/components/schemas/PredictionResponse");
    }

    [Test]
    public void A_component_named_like_an_NSwag_type_or_a_client_is_renamed_so_the_code_compiles()
    {
        var doc = Normalize(Doc(
            """{"/f":{"get":{"operationId":"files.get","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/schemas_file_response"}}}}}}}}""",
            """{"schemas_file_response":{"type":"object","properties":{"id":{"type":"string"}}},"FilesClient":{"type":"object","properties":{"x":{"type":"string"}}}}"""));

        var names = doc["components"]!["schemas"]!.AsObject().Select(p => p.Key).ToList();
        names.Should().Contain("FileResponseModel").And.Contain("FilesClientModel");
        names.Should().NotContain("FileResponse", "NSwag defines its own FileResponse (CS0579 otherwise)");
        names.Should().NotContain("FilesClient", "the generated client for the Files tag has that name");
        Ref(Op(doc, "/f", "get")["responses"]!["200"]!["content"]!["application/json"]!["schema"])
            .Should().Be("#/components/schemas/FileResponseModel");
    }

    [Test]
    public void Inline_objects_are_hoisted_with_parent_and_property_names()
    {
        var doc = Normalize(Doc(
            """
            {"/deployments":{"get":{"operationId":"deployments.list","responses":{"200":{"description":"ok","content":{"application/json":{"schema":
              {"type":"object","properties":{"results":{"type":"array","items":{"$ref":"#/components/schemas/schemas_deployment_response"}}}}}}}}},
              "post":{"operationId":"deployments.create","requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"name":{"type":"string"}}}}}},"responses":@Ok@}}}
            """.Replace("@Ok@", Ok, StringComparison.Ordinal),
            """
            {"schemas_deployment_response":{"type":"object","properties":{
              "current_release":{"type":"object","properties":{
                 "configuration":{"type":"object","properties":{"hardware":{"type":"string"}}},
                 "tags":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"}}}}}}}}}
            """));

        Ref(Schema(doc, "DeploymentResponse")["properties"]!["current_release"]).Should().Be("#/components/schemas/DeploymentCurrentRelease");
        Ref(Schema(doc, "DeploymentCurrentRelease")["properties"]!["configuration"]).Should().Be("#/components/schemas/DeploymentCurrentReleaseConfiguration");
        Ref(Schema(doc, "DeploymentCurrentRelease")["properties"]!["tags"]!["items"]).Should().Be("#/components/schemas/DeploymentCurrentReleaseTag", "array items take the singular name");
        Ref(Op(doc, "/deployments", "get")["responses"]!["200"]!["content"]!["application/json"]!["schema"]).Should().Be("#/components/schemas/DeploymentsListResponse");
        Ref(Op(doc, "/deployments", "post")["requestBody"]!["content"]!["application/json"]!["schema"]).Should().Be("#/components/schemas/DeploymentsCreateRequest");
    }

    [Test]
    public void Identical_inline_shapes_under_the_same_property_share_one_type_named_after_the_property()
    {
        const string filter = """{"type":"array","items":{"type":"string","enum":["start","output","logs","completed"]}}""";
        var doc = Normalize(Doc(
            """{"/p":{"post":{"operationId":"p.create","requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/PredictionRequest"}}}},"responses":{"200":{"description":"ok"}}}},"/t":{"post":{"operationId":"t.create","requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/TrainingRequest"}}}},"responses":{"200":{"description":"ok"}}}}}""",
            Fill("""{"PredictionRequest":{"type":"object","properties":{"webhook_events_filter":@filter@}},"TrainingRequest":{"type":"object","properties":{"webhook_events_filter":@filter@}}}""", ("filter", filter))));

        Ref(Schema(doc, "PredictionRequest")["properties"]!["webhook_events_filter"]!["items"]).Should().Be("#/components/schemas/WebhookEventsFilter");
        Ref(Schema(doc, "TrainingRequest")["properties"]!["webhook_events_filter"]!["items"]).Should().Be("#/components/schemas/WebhookEventsFilter");
        Schema(doc, "WebhookEventsFilter")["enum"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("start", "output", "logs", "completed");
    }

    [Test]
    public void Identical_shapes_under_different_properties_stay_separate_types()
    {
        const string person = """{"type":"object","properties":{"username":{"type":"string"}}}""";
        var doc = Normalize(Doc(
            Fill("""{"/a":{"get":{"operationId":"account.get","responses":{"200":{"description":"ok","content":{"application/json":{"schema":@person@}}}}}}}""", ("person", person)),
            Fill("""{"Release":{"type":"object","properties":{"created_by":@person@}}}""", ("person", person))));

        Schema(doc, "AccountGetResponse");
        Schema(doc, "ReleaseCreatedBy");
    }

    [Test]
    public void Enums_reachable_from_a_response_become_strings_that_accept_unknown_values()
    {
        var doc = Normalize(Doc(
            """
            {"/p":{"get":{"operationId":"predictions.get","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Wrapper"}}}}}},
                   "post":{"operationId":"predictions.create","requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"visibility":{"type":"string","enum":["public","private"]}}}}}},"responses":{"200":{"description":"ok"}}}}}
            """,
            """
            {"Wrapper":{"type":"object","properties":{"prediction":{"$ref":"#/components/schemas/Prediction"}}},
             "Prediction":{"type":"object","properties":{"status":{"type":"string","enum":["starting","succeeded"]},"tags":{"type":"array","items":{"type":"string","enum":["a","b"]}}}}}
            """));

        var status = Schema(doc, "Prediction")["properties"]!["status"]!.AsObject();
        status["enum"].Should().BeNull("a response enum would make an unknown value such as 'aborted' throw");
        status["type"]!.GetValue<string>().Should().Be("string");
        status["x-known-values"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("starting", "succeeded");
        Schema(doc, "Prediction")["properties"]!["tags"]!["items"]!["enum"].Should().BeNull("enum arrays in responses become string arrays too");

        var request = Schema(doc, "PredictionsCreateRequest");
        Ref(request["properties"]!["visibility"]).Should().Be("#/components/schemas/PredictionsCreateRequestVisibility");
        var visibility = Schema(doc, "PredictionsCreateRequestVisibility");
        visibility["enum"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("public", "private");
        visibility["x-enumNames"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("Public", "Private");
    }

    [Test]
    public void Optional_multipart_fields_become_nullable_and_required_ones_do_not()
    {
        var doc = Normalize(Doc("""
            {"/files":{"post":{"operationId":"files.create","requestBody":{"content":{"multipart/form-data":{"schema":{"type":"object","required":["content"],"properties":{
              "content":{"type":"string","format":"binary"},"filename":{"type":"string"},"metadata":{"type":"object"}}}}}},"responses":{"201":{"description":"ok"}}}}}
            """));

        var properties = Op(doc, "/files", "post")["requestBody"]!["content"]!["multipart/form-data"]!["schema"]!["properties"]!;
        properties["filename"]!["nullable"]!.GetValue<bool>().Should().BeTrue();
        properties["metadata"]!["nullable"]!.GetValue<bool>().Should().BeTrue();
        properties["content"]!["nullable"].Should().BeNull("the file itself is required");
        Op(doc, "/files", "post")["requestBody"]!["content"]!["multipart/form-data"]!["schema"]!["$ref"].Should().BeNull("multipart bodies stay inline: NSwag turns them into parameters");
    }

    [Test]
    public void Text_media_types_other_than_text_plain_become_text_plain()
    {
        var doc = Normalize(Doc("""
            {"/r":{"get":{"operationId":"models.readme.get","responses":{"200":{"description":"ok","content":{"text/markdown":{"schema":{"type":"string"}}}}}},
                   "post":{"operationId":"models.search","requestBody":{"content":{"text/plain; charset=utf-8":{"schema":{"type":"string"}}}},"responses":{"200":{"description":"ok","content":{"text/plain":{"schema":{"type":"string"}},"text/html":{"schema":{"type":"string"}}}}}}}}
            """));

        Op(doc, "/r", "get")["responses"]!["200"]!["content"]!.AsObject().Select(p => p.Key).Should().Equal("text/plain");
        Op(doc, "/r", "post")["requestBody"]!["content"]!.AsObject().Select(p => p.Key).Should().Equal("text/plain");
        Op(doc, "/r", "post")["responses"]!["200"]!["content"]!.AsObject().Select(p => p.Key).Should().Equal("text/plain");
    }

    [Test]
    public void Json_schema_2020_null_unions_and_const_become_nullable_and_enums()
    {
        var doc = Normalize(Doc(
            """{"/x":{"get":{"operationId":"x.get","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/X"}}}}}}}}""",
            """
            {"X":{"type":"object","properties":{
               "a":{"type":["string","null"]},
               "b":{"anyOf":[{"$ref":"#/components/schemas/Y"},{"type":"null"}]},
               "c":{"oneOf":[{"type":"string"},{"type":"string","enum":["hidden"]}]},
               "d":{"oneOf":[{"type":"string"},{"type":"integer"}]},
               "e":{"const":"fixed"},
               "f":{"oneOf":[{"type":"integer"},{"type":"null"}]}}},
             "Y":{"type":"object","properties":{"z":{"type":"string"}}}}
            """));

        var p = Schema(doc, "X")["properties"]!;
        p["a"]!["type"]!.GetValue<string>().Should().Be("string");
        p["a"]!["nullable"]!.GetValue<bool>().Should().BeTrue();
        p["b"]!["nullable"]!.GetValue<bool>().Should().BeTrue();
        Ref(p["b"]!["oneOf"]![0]).Should().Be("#/components/schemas/Y");
        p["c"]!.ToJsonString().Should().Be("""{"type":"string"}""", "a union of strings is a string (prediction.version may be 'hidden')");
        p["d"]!.AsObject().Should().BeEmpty("a mixed-type union is left free-form (JsonElement)");
        p["e"]!["type"]!.GetValue<string>().Should().Be("string");
        p["e"]!["const"].Should().BeNull();
        p["e"]!["x-known-values"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal(["fixed"], "const is a one-value enum, a string in a response");
        p["f"]!["type"]!.GetValue<string>().Should().Be("integer");
        p["f"]!["nullable"]!.GetValue<bool>().Should().BeTrue();
    }

    [Test]
    public void Output_keys_are_sorted_at_every_level_whatever_the_input_order()
    {
        var a = new Normalizer().NormalizeText(Doc("""{"/b":{"get":{"responses":{"200":{"description":"ok"}},"operationId":"b.get"}},"/a":{"get":{"operationId":"a.get","responses":{"200":{"description":"ok"}}}}}"""));
        var b = new Normalizer().NormalizeText("""{"paths":{"/a":{"get":{"responses":{"200":{"description":"ok"}},"operationId":"a.get"}},"/b":{"get":{"operationId":"b.get","responses":{"200":{"description":"ok"}}}}},"info":{"version":"1","title":"t"},"components":{"schemas":{}},"openapi":"3.1.0"}""");

        a.Should().Be(b);
        a.IndexOf("\"/a\"", StringComparison.Ordinal).Should().BeLessThan(a.IndexOf("\"/b\"", StringComparison.Ordinal));
        a.IndexOf("\"components\"", StringComparison.Ordinal).Should().BeLessThan(a.IndexOf("\"openapi\"", StringComparison.Ordinal));
    }

    [Test]
    public void Settings_from_the_config_file_choose_the_reserved_suffix()
    {
        var options = new NormalizerOptions { ReservedNames = ["Thing"], ReservedSuffix = "Dto" };
        var doc = new Normalizer(options).Normalize(JsonUtil.ParseObject(Doc(
            """{"/t":{"get":{"operationId":"t.get","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/thing"}}}}}}}}""",
            """{"thing":{"type":"object","properties":{"a":{"type":"string"}}}}"""), "doc"));

        Schema(doc, "ThingDto");
    }
}
