using Replicate.Contracts.Tests.Infrastructure;

namespace Replicate.Contracts.Tests.Harness;

/// <summary>The reset of the pact file reaches every contract (NUnit applies a set-up fixture to its namespace and below).</summary>
public sealed class PactFilesTests
{
    [Test]
    public void The_pact_file_is_reset_before_every_contract_runs()
    {
        var contracts = typeof(ContractTest).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(ContractTest))).ToList();

        typeof(PactFiles).GetCustomAttributes(typeof(SetUpFixtureAttribute), inherit: false).Should().ContainSingle();
        contracts.Should().NotBeEmpty();
        contracts.Should().OnlyContain(
            t => t.Namespace == typeof(PactFiles).Namespace || t.Namespace!.StartsWith(typeof(PactFiles).Namespace + ".", StringComparison.Ordinal),
            "a contract outside the reset's namespace would merge into the previous run's pact");
    }
}
