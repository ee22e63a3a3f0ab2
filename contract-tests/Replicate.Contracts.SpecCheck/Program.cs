using Replicate.Contracts.SpecCheck;

// Usage: Replicate.Contracts.SpecCheck --spec <normalized.json> --pacts <dir> --work <dir> [--require-all-operations | --released <baseline.json>]
var options = Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: Replicate.Contracts.SpecCheck --spec <normalized.json> --pacts <dir> --work <dir> [--require-all-operations | --released <baseline.json>]");
    return 2;
}

try
{
    return await SpecCheck.RunAsync(options, Console.Out).ConfigureAwait(false);
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine("pact-vs-spec: " + e.Message);
    return 2;
}

static SpecCheckOptions? Parse(string[] args)
{
    string? spec = null, pacts = null, work = null, released = null;
    var requireAll = false;
    for (var i = 0; i < args.Length; i++)
    {
        switch (args[i])
        {
            case "--spec" when i + 1 < args.Length:
                spec = args[++i];
                break;
            case "--pacts" when i + 1 < args.Length:
                pacts = args[++i];
                break;
            case "--work" when i + 1 < args.Length:
                work = args[++i];
                break;
            case "--released" when i + 1 < args.Length:
                released = args[++i];
                break;
            case "--require-all-operations":
                requireAll = true;
                break;
            default:
                return null;
        }
    }

    return spec is null || pacts is null || work is null ? null : new SpecCheckOptions(spec, pacts, work, requireAll, released);
}
