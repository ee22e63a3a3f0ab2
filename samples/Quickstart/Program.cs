// Usage (with REPLICATE_API_TOKEN set):
//   dotnet run --project samples/Quickstart -- run "an astronaut riding a horse"   # image model; files saved here
//   dotnet run --project samples/Quickstart -- stream "tell me a joke"             # language model, token by token
//   dotnet run --project samples/Quickstart -- upload photo.png                    # upload, then upscale it
using Quickstart;
using Replicate.Client;
using Replicate.Client.Errors;
using Replicate.Client.Waiting;

if (args.Length != 2 || args[0] is not ("run" or "stream" or "upload"))
{
    Console.Error.WriteLine("usage: Quickstart run <prompt> | stream <prompt> | upload <file>");
    return 2;
}

if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ReplicateClientOptions.TokenEnvironmentVariable)))
{
    Console.Error.WriteLine($"Set {ReplicateClientOptions.TokenEnvironmentVariable} to your API token (r8_…) first.");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

// region:create-client
using var replicate = new ReplicateClient();   // the API token comes from REPLICATE_API_TOKEN
// endregion

try
{
    switch (args[0])
    {
        case "run":
            foreach (var file in await Examples.RunModelAsync(replicate, args[1], Directory.GetCurrentDirectory(), cancel.Token))
            {
                Console.WriteLine($"saved {file}");
            }

            break;
        case "stream":
            await Examples.StreamAsync(replicate, args[1], cancel.Token);
            Console.WriteLine();
            break;
        default:
            Console.WriteLine(await Examples.UploadAndRunAsync(replicate, args[1], cancel.Token));
            break;
    }

    return 0;
}
catch (ReplicateOperationException e)
{
    Console.Error.WriteLine($"The {e.Kind} {e.Id} ended {e.Status}: {e.Error}");
    return 1;
}
catch (ReplicateException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("canceled");
    return 130;
}
