using System.Text.Json.Nodes;
using Replicate.Contracts.SpecCheck;
using Replicate.Testing;

namespace Replicate.Contracts.Tests.Harness;

/// <summary>
/// The pact-vs-spec step can fail: pacts that contradict the normalized document (a path it does not declare, a
/// status the operation does not answer, a required field left out, no token where one is required) fail the check,
/// each with the validator's rule named. Crafted pacts are checked in a temporary folder.
/// </summary>
public sealed class SpecCheckTests
{
    /// <summary>The normalized document the generated clients were built from (written by the build).</summary>
    private static readonly string NormalizedSpec = RepoRoot.Combine("src", "Replicate.Generated", "obj", "generated", "replicate.normalized.json");

    private static JsonObject Spec() => JsonNode.Parse(File.ReadAllText(NormalizedSpec))!.AsObject();

    private static JsonObject Interaction(
        string description, string method, string path, int status, object? responseBody, bool token = true, object? requestBody = null, string? query = null)
    {
        var request = new JsonObject { ["method"] = method, ["path"] = path };
        if (query is not null)
        {
            request["query"] = new JsonObject { ["query"] = new JsonArray(query) };
        }

        if (token)
        {
            request["headers"] = new JsonObject { ["Authorization"] = new JsonArray("Bearer r8_x") };
        }

        if (requestBody is not null)
        {
            request["body"] = new JsonObject { ["content"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(requestBody)), ["contentType"] = "application/json", ["encoded"] = false };
            request["headers"]!["Content-Type"] = new JsonArray("application/json");
        }

        var response = new JsonObject { ["status"] = status };
        if (responseBody is not null)
        {
            response["headers"] = new JsonObject { ["Content-Type"] = new JsonArray("application/json") };
            response["body"] = new JsonObject { ["content"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(responseBody)), ["contentType"] = "application/json", ["encoded"] = false };
        }

        return new JsonObject { ["type"] = "Synchronous/HTTP", ["description"] = description, ["request"] = request, ["response"] = response };
    }

    private static readonly object Account = new { type = "user", username = "acme" };

    private static Task<(int ExitCode, string Output)> Check(int validators, params JsonObject[] interactions) =>
        CheckPacts(validators, ("crafted", interactions));

    // One pact file per consumer (one per client flavour), checked together.
    private static async Task<(int ExitCode, string Output)> CheckPacts(int validators, params (string Consumer, JsonObject[] Interactions)[] consumers)
    {
        var folder = Directory.CreateTempSubdirectory("replicate-spec-check-");
        try
        {
            var pacts = Directory.CreateDirectory(Path.Combine(folder.FullName, "pacts"));
            foreach (var (consumer, interactions) in consumers)
            {
                var pact = new JsonObject
                {
                    ["consumer"] = new JsonObject { ["name"] = consumer },
                    ["provider"] = new JsonObject { ["name"] = "replicate-api" },
                    ["interactions"] = new JsonArray(interactions.Select(i => i.DeepClone()).ToArray()),
                    ["metadata"] = new JsonObject { ["pactSpecification"] = new JsonObject { ["version"] = "4.0" } },
                };
                await File.WriteAllTextAsync(Path.Combine(pacts.FullName, consumer + ".json"), pact.ToJsonString());
            }

            using var output = new StringWriter();
            var exit = await SpecCheck.SpecCheck.RunAsync(
                new SpecCheckOptions(
                    NormalizedSpec, pacts.FullName, Path.Combine(folder.FullName, "work"), RequireAllOperations: false, InteractionsPerValidator: 4, MaxValidators: validators),
                output);
            return (exit, output.ToString());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Two_flavours_with_the_same_interactions_are_each_counted_and_pass()
    {
        var account = Interaction("the account", "GET", "/v1/account", 200, Account);

        var (exit, output) = await CheckPacts(1, ("nswag", [account]), ("kiota", [account]));

        exit.Should().Be(0, output);
        var operations = new OperationCoverage(Spec()).All.Count;
        output.Should().Contain($"contracts: 1/{operations} operations (1 interactions) [kiota]")
            .And.Contain($"contracts: 1/{operations} operations (1 interactions) [nswag]")
            .And.Contain("flavours: kiota, nswag met the same 1 interactions");
    }

    [Test]
    public async Task A_flavour_whose_pact_lacks_or_changes_an_interaction_fails_naming_it()
    {
        var account = Interaction("the account", "GET", "/v1/account", 200, Account);
        var hardware = Interaction("the hardware", "GET", "/v1/hardware", 200, new[] { new { name = "Nvidia T4 GPU", sku = "gpu-t4" } });
        var otherAccount = Interaction("the account", "GET", "/v1/account", 200, new { type = "organization", username = "acme" });

        var (exit, output) = await CheckPacts(1, ("nswag", [account, hardware]), ("kiota", [otherAccount]));

        exit.Should().Be(1, output);
        var operations = new OperationCoverage(Spec()).All.Count;
        output.Should().Contain($"contracts: 1/{operations} operations (1 interactions) [kiota]", "each flavour's coverage is its own")
            .And.Contain($"contracts: 2/{operations} operations (2 interactions) [nswag]")
            .And.MatchRegex("the pacts of (kiota and nswag|nswag and kiota) differ in: (the account; the hardware|the hardware; the account)")
            .And.EndWith("pact-vs-spec: FAILED" + Environment.NewLine);
    }

    private (int ExitCode, string Output) agreeing;
    private (int ExitCode, string Output) contradicting;

    /// <summary>
    /// Two checks, run once for all tests (each starts the validator, which takes a second or more): a pact that agrees
    /// with the spec, and one whose every interaction but two contradicts it in one way. Each finding names its
    /// interaction, so each test below sees its own contradiction caught, and nothing reported for the agreeing ones.
    /// The second pact is validated in two parts, so the findings of the second part name the right interactions too.
    /// </summary>
    [OneTimeSetUp]
    public async Task CheckCraftedPacts()
    {
        var agree = Check(
            1,
            Interaction("the account", "GET", "/v1/account", 200, Account),
            Interaction("a throttled account request", "GET", "/v1/account", 429, new { detail = "slow down" }));
        var contradict = Check(
            2,
            Interaction("the account", "GET", "/v1/account", 200, Account),
            Interaction("an undeclared path", "GET", "/v1/acount", 200, Account),
            Interaction("a created account", "GET", "/v1/account", 201, Account),
            Interaction("an account without its username", "GET", "/v1/account", 200, new { type = "user" }),
            Interaction(
                "a model without hardware", "POST", "/v1/models", 201, new { owner = "acme", name = "m" },
                requestBody: new { owner = "acme", name = "m", visibility = "private" }),
            Interaction("an anonymous account request", "GET", "/v1/account", 200, Account, token: false),
            Interaction("a search answered without its list", "QUERY", "/v1/models", 200, new { next = (string?)null }),
            Interaction("a throttled account request", "GET", "/v1/account", 429, new { detail = "slow down" }),
            Interaction("an anonymous search answered 401", "GET", "/v1/search", 401, new { detail = "no" }, token: false, query: "x"));
        agreeing = await agree;
        contradicting = await contradict;
    }

    [Test]
    public void A_pact_that_agrees_with_the_spec_passes()
    {
        agreeing.ExitCode.Should().Be(0, agreeing.Output);
        agreeing.Output.Should().Contain("2 interactions, 0 error(s)").And.Contain($"contracts: 1/{new OperationCoverage(JsonNode.Parse(File.ReadAllText(NormalizedSpec))!.AsObject()).All.Count} operations").And.EndWith("pact-vs-spec: OK" + Environment.NewLine);
    }

    [Test]
    public void A_pact_that_contradicts_the_spec_fails_the_check()
    {
        contradicting.ExitCode.Should().Be(1);
        contradicting.Output.Should().EndWith("pact-vs-spec: FAILED" + Environment.NewLine);
    }

    [Test]
    public void An_undeclared_path_is_named()
    {
        contradicting.Output.Should().Contain("request.path-or-method.unknown in \"an undeclared path\" (GET /v1/acount)")
            .And.Contain("\"an undeclared path\" (GET /v1/acount) matches no operation of the document");
    }

    [Test]
    public void A_status_the_operation_does_not_answer_is_named()
    {
        contradicting.Output.Should().Contain("response.status.unknown in \"a created account\" (GET /v1/account): Response status code not defined in spec file: 201");
    }

    [Test]
    public void A_response_without_a_required_field_is_named()
    {
        contradicting.Output.Should().MatchRegex("response.body.incompatible in \"an account without its username\".*required property 'username'");
    }

    [Test]
    public void A_request_without_a_required_field_is_named()
    {
        contradicting.Output.Should().MatchRegex("request.body.incompatible in \"a model without hardware\".*required property 'hardware'");
    }

    [Test]
    public void A_request_without_the_token_the_spec_requires_is_named()
    {
        contradicting.Output.Should().Contain("request.authorization.missing in \"an anonymous account request\"");
    }

    [Test]
    public void A_QUERY_interaction_is_checked_against_the_query_operation()
    {
        contradicting.Output.Should().MatchRegex(
            @"response\.body\.incompatible in ""a search answered without its list"" \(QUERY /v1/models\).*required property 'results'");
    }

    [Test]
    public void An_error_status_the_API_documents_passes_only_where_it_applies()
    {
        contradicting.Output.Should().NotContain("\"a throttled account request\"", "every operation may answer 429");
        contradicting.Output.Should().Contain("response.status.unknown in \"an anonymous search answered 401\"", "the one operation without a token never answers 401");
    }

    [Test]
    public void An_interaction_that_agrees_has_no_finding_even_beside_ones_that_do_not()
    {
        contradicting.Output.Should().NotContain("in \"the account\"");
    }
}
