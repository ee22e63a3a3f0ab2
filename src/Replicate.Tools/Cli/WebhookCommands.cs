using System.Globalization;
using Replicate.Client.Webhooks;

namespace Replicate.Tools.Cli;

/// <summary>
/// The <c>webhook</c> verbs: sign and verify deliveries with the library's verifier core (compiled in from
/// src/Replicate.Client/Webhooks/Signing), for people debugging deliveries and for scripts.
/// </summary>
internal sealed class WebhookCommands(TextWriter stdout, TextWriter stderr)
{
    public const string Usage = """
        usage: replicate-tools webhook <command> [options]
          sign      --secret <whsec_…> --id <id> --timestamp <unix seconds> --body-file <path>
                    print the webhook-signature value (v1,<base64>) for that delivery
          verify    --secret <whsec_…> --id <id> --timestamp <value> --signature <header value> --body-file <path>
                    [--tolerance <seconds>, default 300] [--now <unix seconds>, default the real clock]
                    exit 0 when valid; exit 1 when invalid, printing the reason on stderr: missing_header,
                    invalid_secret, invalid_timestamp, timestamp_too_old, timestamp_too_new, no_matching_signature
                    (an empty --id, --timestamp or --signature counts as missing_header)
        exit codes: 0 ok or valid, 1 invalid delivery, 2 bad usage
        """;

    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    public async Task<int> RunAsync(string command, Args args, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case "sign":
            {
                var secretText = args.Require("secret");
                var id = args.Require("id");
                var timestamp = UnixSeconds(args.Require("timestamp"), "--timestamp");
                var bodyFile = args.Require("body-file");
                args.RejectUnknown();
                if (!WebhookSecret.TryParse(secretText, out var secret))
                {
                    throw new UsageException("--secret is not a valid secret (whsec_ followed by a base64 key)");
                }

                if (id.Length == 0)
                {
                    throw new UsageException("--id must not be empty");
                }

                var body = await ReadBodyAsync(bodyFile, cancellationToken).ConfigureAwait(false);
                stdout.WriteLine(WebhookSigner.Sign(secret, id, timestamp, body));
                return 0;
            }

            case "verify":
            {
                var secret = args.Require("secret");
                var headers = new WebhookHeaders(args.Require("id"), args.Require("timestamp"), args.Require("signature"));
                var bodyFile = args.Require("body-file");
                var tolerance = args.Get("tolerance") is { } toleranceText
                    ? TimeSpan.FromSeconds(int.TryParse(toleranceText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                        ? seconds
                        : throw new UsageException("--tolerance must be a whole number of seconds, 0 or more"))
                    : WebhookVerificationOptions.DefaultTolerance;
                var clock = args.Get("now") is { } nowText
                    ? new FixedClock(DateTimeOffset.FromUnixTimeSeconds(UnixSeconds(nowText, "--now")))
                    : TimeProvider.System;
                args.RejectUnknown();

                var body = await ReadBodyAsync(bodyFile, cancellationToken).ConfigureAwait(false);
                var options = new WebhookVerificationOptions { Tolerance = tolerance, TimeProvider = clock };
                if (WebhookVerifier.TryVerify(secret, headers, body, out var reason, options))
                {
                    stdout.WriteLine("valid");
                    return 0;
                }

                // Exactly the token, so that scripts can compare stderr with it.
                stderr.WriteLine(reason.ToToken());
                return 1;
            }

            default:
                throw new UsageException($"unknown webhook command '{command}'");
        }
    }

    private static long UnixSeconds(string text, string option) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= MaxUnixSeconds
            ? value
            : throw new UsageException($"{option} must be Unix seconds (a whole number, 0 or more)");

    private static async Task<byte[]> ReadBodyAsync(string path, CancellationToken cancellationToken) =>
        File.Exists(path)
            ? await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false)
            : throw new UsageException($"--body-file {path}: no such file");

    /// <summary>The clock pinned by <c>--now</c>.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
