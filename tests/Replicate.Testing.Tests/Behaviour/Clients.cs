using Replicate.Client;

namespace Replicate.Testing.Tests.Behaviour;

/// <summary>The real ReplicateClient aimed at a fake: in process through its handler, on the fake's clock.</summary>
internal static class Clients
{
    public const string Token = "r8_FakeReplicateTestToken";

    public static ReplicateClient For(FakeReplicate fake, Action<ReplicateClientOptions>? configure = null)
    {
        var options = new ReplicateClientOptions
        {
            BaseAddress = fake.BaseAddress,
            ApiToken = Token,
            Transport = fake.CreateHandler(),
            TimeProvider = fake.Time,
        };
        configure?.Invoke(options);
        return new ReplicateClient(options);
    }
}
