using System.Text.Json.Nodes;
using Replicate.Generated;
using Replicate.Testing;

namespace Replicate.Client.Tests.Conventions;

/// <summary>
/// Every resource of the committed baseline is reachable from <see cref="ReplicateClient"/> without a hand-kept list:
/// the properties are generated (<see cref="ReplicateResources"/>), so a resource accepted from upstream drift is there the
/// day it is accepted, and one that is removed is gone.
/// </summary>
public class ResourceTests
{
    private static List<string> BaselineTags()
    {
        var baseline = JsonNode.Parse(File.ReadAllText(RepoRoot.Combine("openapi", "replicate.baseline.json")))!;
        return baseline["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject())
            .Select(operation => operation.Value?["tags"]?[0]?.GetValue<string>())
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    [Test]
    public void Every_resource_of_the_baseline_is_a_client_property_of_ReplicateClient_and_nothing_else_is()
    {
        using var replicate = new ReplicateClient(new ReplicateClientOptions { ApiToken = "r8_test" });
        var clients = typeof(ReplicateClient).GetProperties()
            .Where(p => p.PropertyType.Namespace == typeof(ReplicateResources).Namespace && p.PropertyType.Name.EndsWith("Client", StringComparison.Ordinal))
            .ToList();

        clients.Select(p => p.Name).Order(StringComparer.Ordinal).Should().Equal(BaselineTags());
        clients.Should().OnlyContain(p => p.PropertyType.Name == p.Name + "Client" && p.GetValue(replicate) != null);
        clients.Should().OnlyContain(p => p.GetMethod!.IsVirtual, "a test double overrides the resources it needs");
    }
}
