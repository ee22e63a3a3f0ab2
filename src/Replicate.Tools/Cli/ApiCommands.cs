using System.Text;
using Replicate.Tools.PublicApi;
using Replicate.Tools.Spec;

namespace Replicate.Tools.Cli;

/// <summary>The <c>api</c> verbs: list one assembly's public API, check the built assemblies against the committed listings, accept them.</summary>
internal sealed class ApiCommands(TextWriter stdout, TextWriter stderr)
{
    public const string Usage = """
        usage: replicate-tools api <command> [options]
          list      --assembly <dll> [--out <file>] [--reference <folder>]
                    print (or write) the public API of an assembly: types and member signatures, sorted
          check     [--configuration Debug|Release] [--markdown-out <file>]
                    compare the built shipped assemblies (and the MCP server's tool listing) with api/<Name>.txt;
                    exit 1 with the diff when they differ ('make accept-api' accepts it)
          accept    [--configuration Debug|Release]
                    rewrite api/<Name>.txt from the built assemblies
        exit codes: 0 ok, 1 the public API differs from the listing, 2 bad usage or nothing built
        """;

    public int Run(string command, Args args)
    {
        try
        {
            return command switch
            {
                "list" => List(args),
                "check" => Check(args),
                "accept" => Accept(args),
                _ => throw new UsageException($"unknown api command '{command}'"),
            };
        }
        catch (ApiListingException e)
        {
            stderr.WriteLine($"api {command}: {e.Message}");
            return 2;
        }
    }

    private int List(Args args)
    {
        var assembly = args.Require("assembly");
        var output = args.Get("out");
        var reference = args.Get("reference");
        args.RejectUnknown();
        var listing = ApiLister.List(assembly, reference is null ? null : [reference]);
        if (output is null)
        {
            stdout.Write(listing);
        }
        else
        {
            AtomicFile.WriteText(output, listing);
            stdout.WriteLine($"api list: {assembly} -> {output}");
        }

        return 0;
    }

    private int Check(Args args)
    {
        var root = RepoPaths.Discover(args.Get("root")).Root;
        var configuration = args.Get("configuration") ?? "Debug";
        var markdownOut = args.Get("markdown-out");
        args.RejectUnknown();
        var results = ApiGate.AllListings.Select(name => ApiGate.Check(root, name, configuration)).ToList();
        var markdown = new StringBuilder("### Public API\n\n");
        foreach (var result in results)
        {
            if (result.Matches)
            {
                stdout.WriteLine($"api check: {result.Name} matches {Path.GetRelativePath(root, result.ListingPath)}");
                markdown.Append($"- `{result.Name}`: unchanged\n");
            }
            else
            {
                stderr.WriteLine($"api check: the public API of {result.Name} differs from {Path.GetRelativePath(root, result.ListingPath)}{(result.Note is { } note ? $" ({note})" : string.Empty)}:");
                stderr.Write(result.Diff);
                markdown.Append($"- `{result.Name}`: **changed**{(result.Note is { } n ? $" ({n})" : string.Empty)}\n\n```diff\n{result.Diff}```\n\n");
            }
        }

        var failed = results.Count(r => !r.Matches);
        if (failed > 0)
        {
            stderr.WriteLine($"api check: if the change is intended, run '{ApiGate.AcceptCommand}' and commit api/.");
            markdown.Append($"\nAccept an intended change with `{ApiGate.AcceptCommand}` and commit `api/`.\n");
        }

        if (markdownOut is not null)
        {
            AtomicFile.WriteText(markdownOut, markdown.ToString());
        }

        return failed > 0 ? 1 : 0;
    }

    private int Accept(Args args)
    {
        var root = RepoPaths.Discover(args.Get("root")).Root;
        var configuration = args.Get("configuration") ?? "Debug";
        args.RejectUnknown();
        foreach (var name in ApiGate.AllListings)
        {
            var result = ApiGate.Check(root, name, configuration);
            if (result.Matches)
            {
                stdout.WriteLine($"api accept: {name} unchanged");
                continue;
            }

            AtomicFile.WriteText(result.ListingPath, result.Built);
            stdout.WriteLine($"api accept: wrote {Path.GetRelativePath(root, result.ListingPath)}");
        }

        stdout.WriteLine("api accept: review 'git diff api/' and commit it.");
        return 0;
    }
}
