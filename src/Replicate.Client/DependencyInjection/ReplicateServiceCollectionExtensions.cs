using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Replicate.Client;
using Replicate.Client.Transport;

// The conventional namespace for IServiceCollection extensions: AddReplicateClient appears wherever services are configured.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ReplicateClient"/> over <see cref="IHttpClientFactory"/>.</summary>
public static class ReplicateServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the factory builds for Replicate.</summary>
    public const string HttpClientName = "Replicate";

    /// <summary>
    /// Registers a transient <see cref="ReplicateClient"/> whose HTTP pipeline comes from
    /// <see cref="IHttpClientFactory"/> (pooled handlers, DNS refresh). The pipeline carries the library's own
    /// retries: do not add another resilience handler. Returns the builder for further configuration.
    /// </summary>
    public static IHttpClientBuilder AddReplicateClient(this IServiceCollection services, Action<ReplicateClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddReplicateClient(section: null, configure);
    }

    /// <summary>
    /// Like <see cref="AddReplicateClient(IServiceCollection, Action{ReplicateClientOptions})"/>, binding options from a
    /// configuration section (keys: <c>BaseAddress</c>, <c>ApiToken</c>, <c>NetworkTimeout</c>, <c>ApplicationId</c>,
    /// <c>Retry:Enabled</c>, <c>Retry:MaxAttempts</c>, <c>Retry:BaseDelay</c>, <c>Retry:MaxDelay</c>,
    /// <c>Retry:MaxServerDelay</c>, <c>Retry:MaxTotalTime</c>), then applying <paramref name="configure"/>.
    /// </summary>
    public static IHttpClientBuilder AddReplicateClient(this IServiceCollection services, IConfiguration? section, Action<ReplicateClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp =>
        {
            var options = new ReplicateClientOptions();
            if (section is not null)
            {
                Bind(section, options);
            }

            configure?.Invoke(options);
            options.LoggerFactory ??= sp.GetService<ILoggerFactory>();
            return options;
        });
        services.TryAddTransient(sp => new ReplicateClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<ReplicateClientOptions>(),
            ownsHttpClient: false));

        var builder = services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<ReplicateClientOptions>().Transport ?? ReplicatePipeline.CreateTransport());

        // The whole pipeline is one handler; handlers added to the returned builder run inside it, next to the transport.
        builder.AddHttpMessageHandler(sp =>
        {
            var options = sp.GetRequiredService<ReplicateClientOptions>();
            return ReplicatePipeline.CreateHandler(options, options.ResolveToken());
        });
        return builder;
    }

    // Binding by hand keeps the library trim- and AOT-safe without the reflection-based configuration binder.
    private static void Bind(IConfiguration section, ReplicateClientOptions options)
    {
        if (section["BaseAddress"] is { Length: > 0 } baseAddress)
        {
            options.BaseAddress = new Uri(baseAddress, UriKind.Absolute);
        }

        if (section["ApiToken"] is { Length: > 0 } token)
        {
            options.ApiToken = token;
        }

        if (section["ApplicationId"] is { Length: > 0 } app)
        {
            options.ApplicationId = app;
        }

        options.NetworkTimeout = Time(section, "NetworkTimeout") ?? options.NetworkTimeout;
        var retry = section.GetSection("Retry");
        if (retry["Enabled"] is { Length: > 0 } enabled)
        {
            options.Retry.Enabled = bool.TryParse(enabled, out var on) ? on : throw Invalid(retry, "Enabled", enabled, "true or false");
        }

        if (retry["MaxAttempts"] is { Length: > 0 } attempts)
        {
            options.Retry.MaxAttempts = int.TryParse(attempts, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw Invalid(retry, "MaxAttempts", attempts, "a whole number");
        }

        options.Retry.BaseDelay = Time(retry, "BaseDelay") ?? options.Retry.BaseDelay;
        options.Retry.MaxDelay = Time(retry, "MaxDelay") ?? options.Retry.MaxDelay;
        options.Retry.MaxServerDelay = Time(retry, "MaxServerDelay") ?? options.Retry.MaxServerDelay;
        options.Retry.MaxTotalTime = Time(retry, "MaxTotalTime") ?? options.Retry.MaxTotalTime;
    }

    private static TimeSpan? Time(IConfiguration section, string key) =>
        section[key] is not { Length: > 0 } text ? null
        : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value
        : throw Invalid(section, key, text, "a time span such as 00:01:40");

    private static FormatException Invalid(IConfiguration section, string key, string value, string expected) =>
        new($"Configuration value {((section as IConfigurationSection)?.Path is { Length: > 0 } p ? p + ":" : string.Empty)}{key} = '{value}' is not {expected}.");
}
