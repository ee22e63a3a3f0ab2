using System.Text.Json;
using System.Text.Json.Serialization;
using Replicate.AotSmoke;
using Replicate.Client;
using Replicate.Client.Waiting;

// Usage: Replicate.AotSmoke <api root ending in /v1/> <model or version> <prompt>; the token comes from REPLICATE_API_TOKEN.
// Prints the prediction id, its final status and its output as JSON, one per line; exit code 0 on success.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Replicate.AotSmoke <api root> <model or version> <prompt>");
    return 2;
}

using var replicate = new ReplicateClient(new ReplicateClientOptions { BaseAddress = new Uri(args[0]) });

// No reflection: the input goes through a JsonSerializerContext of the app's own, the responses through the package's.
var input = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["prompt"] = args[2] }, SmokeJson.Default.DictionaryStringString);
var operation = await replicate.CreatePredictionAsync(args[1], input);
var prediction = await operation.WaitForCompletionAsync(new WaitOptions { MinInterval = TimeSpan.FromMilliseconds(20), Timeout = TimeSpan.FromSeconds(30) });
Console.WriteLine(prediction.Id);
Console.WriteLine(prediction.Status);
Console.WriteLine(prediction.Output.GetRawText());
return 0;

namespace Replicate.AotSmoke
{
    /// <summary>The app's own source-generated JSON metadata.</summary>
    [JsonSerializable(typeof(Dictionary<string, string>))]
    internal sealed partial class SmokeJson : JsonSerializerContext;
}
