using System.Collections;
using Microsoft.Extensions.Logging;
using Replicate.Client;

namespace Replicate.Mcp;

/// <summary>
/// Settings of the MCP server. <see cref="FromEnvironment(IReadOnlyList{string})"/> reads them the way
/// <c>replicate-mcp</c> does: environment variables, then the command line. The API token is not among them: it is
/// read from <c>REPLICATE_API_TOKEN</c> only, and never appears in a tool result, error, notification or log line.
/// </summary>
public sealed record ReplicateMcpOptions
{
    /// <summary>The API token's variable (the only place the token comes from).</summary>
    public const string TokenVariable = ReplicateClientOptions.TokenEnvironmentVariable;

    /// <summary>The API root's variable (<c>https://api.replicate.com/v1/</c> unless set).</summary>
    public const string BaseUrlVariable = "REPLICATE_BASE_URL";

    /// <summary><c>true</c>: list and run only read-only tools.</summary>
    public const string ReadOnlyVariable = "REPLICATE_MCP_READ_ONLY";

    /// <summary>Comma-separated tools, operation ids or resources to offer (all when unset).</summary>
    public const string AllowVariable = "REPLICATE_MCP_ALLOW";

    /// <summary>Comma-separated tools, operation ids or resources never to offer.</summary>
    public const string DenyVariable = "REPLICATE_MCP_DENY";

    /// <summary>A file that gets one JSON line per tool call.</summary>
    public const string AuditLogVariable = "REPLICATE_MCP_AUDIT_LOG";

    /// <summary>The folder <c>download_output</c> writes into.</summary>
    public const string DownloadFolderVariable = "REPLICATE_MCP_DOWNLOAD_DIR";

    /// <summary><c>false</c>: do not check model inputs against the model's schema before a create.</summary>
    public const string ValidateInputsVariable = "REPLICATE_MCP_VALIDATE_INPUTS";

    /// <summary>The lowest level logged to standard error (<c>Warning</c> unless set).</summary>
    public const string LogLevelVariable = "REPLICATE_MCP_LOG_LEVEL";

    /// <summary>The command-line usage.</summary>
    internal const string Usage = """
        usage: replicate-mcp [--read-only] [--allow <list>] [--deny <list>] [--audit-log <file>] [--base-url <url>]
                             [--download-dir <folder>] [--no-validate] [--log-level <level>] | --list-tools [--out <file>]
          Starts the MCP server on standard input and output (JSON-RPC only on stdout; logs go to stderr).
          The API token comes from REPLICATE_API_TOKEN only. Each option has an environment variable:
          REPLICATE_MCP_READ_ONLY=true, REPLICATE_MCP_ALLOW, REPLICATE_MCP_DENY, REPLICATE_MCP_AUDIT_LOG, REPLICATE_BASE_URL,
          REPLICATE_MCP_DOWNLOAD_DIR, REPLICATE_MCP_VALIDATE_INPUTS=false, REPLICATE_MCP_LOG_LEVEL. A list names tools
          (predictions_get, run_model), operation ids (Predictions_Get) or resources (predictions), comma-separated; the
          command line's --allow replaces the variable's, --deny adds to it, and either read-only switch turns it on.
          --list-tools prints every tool (whatever the options) and exits.
        """;

    /// <summary>The API root (every request goes below it).</summary>
    public Uri BaseAddress { get; init; } = ReplicateClientOptions.DefaultBaseAddress;

    /// <summary>Offer only read-only tools (GET and QUERY operations and <c>get_model_schema</c>); a write tool called by name is refused without any request.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>When not empty, offer only these tools, operation ids or resources.</summary>
    public IReadOnlyList<string> Allow { get; init; } = [];

    /// <summary>Never offer these tools, operation ids or resources (deny wins over allow).</summary>
    public IReadOnlyList<string> Deny { get; init; } = [];

    /// <summary>A file that gets one JSON object per line for every tool call (appended; created when missing).</summary>
    public string? AuditLogPath { get; init; }

    /// <summary>The only folder <c>download_output</c> writes into (created when missing).</summary>
    public string DownloadFolder { get; init; } = Path.Combine(Path.GetTempPath(), "replicate-mcp");

    /// <summary>Check a model's input against its schema before a create (on by default).</summary>
    public bool ValidateInputs { get; init; } = true;

    /// <summary>The lowest level of the server's log on standard error.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Warning;

    /// <summary>
    /// The innermost HTTP handler (tests, benchmarks: an in-process server); by default the client's own sockets. The
    /// server does not dispose it.
    /// </summary>
    public HttpMessageHandler? Transport { get; init; }

    /// <summary>
    /// How the server's client paces its requests; by default the client's own limiter at Replicate's documented limits
    /// (a fleet of servers on one account: a shared one, from Replicate.Client.Redis). The server does not dispose it.
    /// </summary>
    public Replicate.Client.RateLimiting.ReplicateRateLimiter? RateLimiter { get; init; }

    /// <summary>Reads the options from the process's environment, then <paramref name="arguments"/> (the command line).</summary>
    /// <exception cref="ArgumentException">A value or an argument is malformed; the message names it.</exception>
    public static ReplicateMcpOptions FromEnvironment(IReadOnlyList<string> arguments) =>
        FromEnvironment(arguments, Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => e.Value as string ?? string.Empty, StringComparer.Ordinal));

    /// <summary>Reads the options from <paramref name="environment"/>, then <paramref name="arguments"/>.</summary>
    /// <exception cref="ArgumentException">A value or an argument is malformed; the message names it.</exception>
    public static ReplicateMcpOptions FromEnvironment(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        string? Env(string name) => environment.TryGetValue(name, out var value) && value.Trim().Length > 0 ? value.Trim() : null;

        var options = new ReplicateMcpOptions();
        if (Env(BaseUrlVariable) is { } baseUrl)
        {
            options = options with { BaseAddress = ParseBaseUrl(baseUrl, BaseUrlVariable) };
        }

        if (Env(ReadOnlyVariable) is { } readOnly)
        {
            options = options with { ReadOnly = ParseBoolean(readOnly, ReadOnlyVariable) };
        }

        if (Env(ValidateInputsVariable) is { } validate)
        {
            options = options with { ValidateInputs = ParseBoolean(validate, ValidateInputsVariable) };
        }

        options = options with
        {
            Allow = List(Env(AllowVariable)),
            Deny = List(Env(DenyVariable)),
            AuditLogPath = Env(AuditLogVariable),
            DownloadFolder = Env(DownloadFolderVariable) ?? options.DownloadFolder,
            LogLevel = Env(LogLevelVariable) is { } level ? ParseLevel(level, LogLevelVariable) : options.LogLevel,
        };

        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            string Value(string name) => i + 1 < arguments.Count && !arguments[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? arguments[++i]
                : throw new ArgumentException($"{name} needs a value.", nameof(arguments));
            options = argument switch
            {
                "--read-only" => options with { ReadOnly = true },
                "--no-validate" => options with { ValidateInputs = false },
                "--allow" => options with { Allow = List(Value(argument)) },
                "--deny" => options with { Deny = [.. options.Deny, .. List(Value(argument))] },
                "--audit-log" => options with { AuditLogPath = Value(argument) },
                "--base-url" => options with { BaseAddress = ParseBaseUrl(Value(argument), "--base-url") },
                "--download-dir" => options with { DownloadFolder = Value(argument) },
                "--log-level" => options with { LogLevel = ParseLevel(Value(argument), "--log-level") },
                _ => throw new ArgumentException($"unknown argument '{argument}'.", nameof(arguments)),
            };
        }

        return options;
    }

    /// <summary>Describes the options (there is no token among them).</summary>
    public override string ToString() =>
        $"ReplicateMcpOptions {{ BaseAddress = {BaseAddress}, ReadOnly = {ReadOnly}, Allow = [{string.Join(", ", Allow)}], Deny = [{string.Join(", ", Deny)}], AuditLogPath = {AuditLogPath ?? "(none)"}, DownloadFolder = {DownloadFolder}, ValidateInputs = {ValidateInputs} }}";

    private static List<string> List(string? value) =>
        value is null ? [] : [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static Uri ParseBaseUrl(string value, string source) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Query.Length == 0
            ? (uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/"))
            : throw new ArgumentException($"{source} must be an absolute http(s) URL without a query, not '{value}'.", nameof(value));

    private static bool ParseBoolean(string value, string source) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw new ArgumentException($"{source} must be true or false, not '{value}'.", nameof(value)),
    };

    private static LogLevel ParseLevel(string value, string source) =>
        Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) && Enum.IsDefined(level)
            ? level
            : throw new ArgumentException($"{source} must be one of {string.Join(", ", Enum.GetNames<LogLevel>())}, not '{value}'.", nameof(value));
}
