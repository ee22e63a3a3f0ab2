namespace Replicate.PactFfi;

/// <summary>Entry point: <c>Pact.V4("consumer", "provider", config).WithHttpInteractions()</c>.</summary>
public static class Pact
{
    /// <summary>A V4 pact with default settings.</summary>
    public static IPactV4 V4(string consumer, string provider) => V4(consumer, provider, new PactConfig());

    /// <summary>A V4 pact between <paramref name="consumer"/> and <paramref name="provider"/>.</summary>
    public static IPactV4 V4(string consumer, string provider, PactConfig config)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentNullException.ThrowIfNull(config);
        return new PactV4(consumer, provider, config);
    }

    private sealed class PactV4(string consumer, string provider, PactConfig config) : IPactV4
    {
        public string Consumer { get; } = consumer;

        public string Provider { get; } = provider;

        public PactConfig Config { get; } = config;

        public IPactBuilderV4 WithHttpInteractions(int? port = null) => new PactBuilderV4(Consumer, Provider, Config, port ?? 0);
    }
}
