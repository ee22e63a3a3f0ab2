using System.Globalization;
using Replicate.Tools.Cli;
using Replicate.Tools.Drift;
using Replicate.Tools.Spec;

namespace Replicate.Tools.Release;

/// <summary>The <c>release</c> verbs: <c>next</c> (what the next release would be) and <c>cut</c> (make it).</summary>
internal sealed class ReleaseCommands(TextWriter stdout, TextWriter stderr)
{
    public const string Usage = """
        usage: replicate-tools release <command> [options]
          next      [--at-least patch|minor|major]
                    print the next release version: the last release (version.json) bumped by the spec diff between
                    its baseline (openapi/released/) and the committed one; major on a breaking change, minor on
                    additions, patch otherwise; --at-least raises the bump for hand-written changes
          cut       [--at-least patch|minor|major] [--date yyyy-mm-dd]
                    make that release: prepend its CHANGELOG.md section (from the diff report), copy the committed
                    baseline to openapi/released/, rewrite version.json
        exit codes: 0 ok, 2 bad usage or inconsistent release files
        """;

    public int Run(string command, Args args)
    {
        var files = new ReleaseFiles(RepoPaths.Discover(args.Get("root")));
        var atLeast = ParseBump(args.Get("at-least"));
        try
        {
            switch (command)
            {
                case "next":
                {
                    args.RejectUnknown();
                    var plan = ReleasePlanner.Plan(files, atLeast);
                    stdout.WriteLine(plan.Next.Version);
                    stderr.WriteLine($"release next: {plan.Next.Version}, a {Explain(plan)}");
                    return 0;
                }

                case "cut":
                {
                    var date = ParseDate(args.Get("date"));
                    args.RejectUnknown();
                    var plan = ReleasePlanner.Plan(files, atLeast);
                    ReleasePlanner.Apply(files, plan, date);
                    stdout.WriteLine($"release cut: {plan.Next.Version}, a {Explain(plan)}");
                    stdout.WriteLine("release cut: wrote CHANGELOG.md, version.json and openapi/released/replicate.baseline.json; "
                        + "add notes on hand-written changes to the new CHANGELOG section, then commit the three together");
                    return 0;
                }

                default:
                    throw new UsageException($"unknown release command '{command}'");
            }
        }
        catch (InvalidDataException e)
        {
            stderr.WriteLine($"release {command}: {e.Message}");
            return 2;
        }
        catch (SpecInputException e)
        {
            stderr.WriteLine($"release {command}: {e.Message}");
            return 2;
        }
    }

    private static string Explain(ReleasePlan plan) =>
        $"{DiffReport.Bump(plan.Bump)} bump from {plan.Previous.Version}; spec diff since that release: {DiffReport.Summary(plan.Diff)}"
        + (plan.Raised ? $" (implies {DiffReport.Bump(plan.DiffBump)}; raised by --at-least)" : string.Empty);

    private static VersionBump ParseBump(string? text) => text switch
    {
        null or "patch" => VersionBump.Patch,
        "minor" => VersionBump.Minor,
        "major" => VersionBump.Major,
        _ => throw new UsageException($"--at-least must be patch, minor or major, not '{text}'"),
    };

    private static DateOnly ParseDate(string? text) =>
        text is null
            ? DateOnly.FromDateTime(DateTime.UtcNow)
            : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : throw new UsageException($"--date must be yyyy-mm-dd, not '{text}'");
}
