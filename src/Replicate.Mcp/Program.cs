using System.Text;
using Replicate.Mcp;

// replicate-mcp: the stdio MCP server. stdout carries JSON-RPC only; everything else goes to stderr.
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(ReplicateMcpOptions.Usage);
    return 0;
}

if (args is ["--version"])
{
    Console.WriteLine(typeof(ReplicateMcpServer).Assembly.GetName().Version);
    return 0;
}

if (args is ["--list-tools", ..])
{
    var listing = ReplicateMcpServer.ListTools();
    if (args is [_, "--out", var path])
    {
        // Written beside the file and renamed: a reader never sees half a listing.
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, listing, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temporary, path, overwrite: true);
    }
    else if (args.Length == 1)
    {
        Console.Out.Write(listing);
    }
    else
    {
        Console.Error.WriteLine("replicate-mcp: usage: --list-tools [--out <file>]");
        return 2;
    }

    return 0;
}

ReplicateMcpOptions options;
try
{
    options = ReplicateMcpOptions.FromEnvironment(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"replicate-mcp: {e.Message}");
    Console.Error.WriteLine(ReplicateMcpOptions.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    await ReplicateMcpServer.RunStdioAsync(options, stop.Token).ConfigureAwait(false);
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"replicate-mcp: {e.Message}");
    return 2;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    return 0;
}
