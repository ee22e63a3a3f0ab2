using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Replicate.Client.Webhooks;
using Replicate.Samples.WebhookReceiver;

// Usage: dotnet run --project samples/WebhookReceiver -- --urls http://127.0.0.1:5080
// Then create predictions with webhook = "https://<public address>/webhooks/replicate".
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);

var secrets = SecretSource.FromEnvironment(builder.Configuration);
var verification = new WebhookVerificationOptions();
var queue = Channel.CreateBounded<WebhookDelivery>(new BoundedChannelOptions(1000) { SingleReader = true });

// Redeliveries of one event share its id for as long as Replicate retries; a day covers that comfortably.
var deduplicator = new DeliveryDeduplicator(TimeProvider.System, TimeSpan.FromDays(1));
var simulatedWork = TimeSpan.FromMilliseconds(int.Parse(builder.Configuration["WEBHOOK_RECEIVER_SIMULATED_WORK_MS"] ?? "0", CultureInfo.InvariantCulture));
// With WEBHOOK_RECEIVER_OUTPUT_FOLDER, succeeded predictions' output files are saved there (outputs expire after an
// hour). Output URLs are fetched without the API token, which goes only to the API's own origin: a receiver that only
// saves outputs needs no token of its own.
var outputFolder = builder.Configuration["WEBHOOK_RECEIVER_OUTPUT_FOLDER"];
using var replicate = string.IsNullOrEmpty(outputFolder)
    ? null
    : new Replicate.Client.ReplicateClient(new Replicate.Client.ReplicateClientOptions { ApiToken = builder.Configuration["REPLICATE_API_TOKEN"] is { Length: > 0 } token ? token : "outputs-only" });
var outputs = string.IsNullOrEmpty(outputFolder) ? null : new Replicate.Client.Outputs.FolderOutputStore(outputFolder);
builder.Services.AddHostedService(services =>
    new DeliveryProcessor(queue.Reader, simulatedWork, services.GetRequiredService<ILogger<DeliveryProcessor>>(), replicate, outputs));

var app = builder.Build();

app.MapPost("/webhooks/replicate", async (HttpContext context) =>
{
    var cancellationToken = context.RequestAborted;

    // IHeaderDictionary matches names in any case; the body is read once, as bytes, exactly as sent.
    var headers = WebhookHeaders.FromLookup(name => context.Request.Headers[name]);
    using var buffer = new MemoryStream();
    await context.Request.Body.CopyToAsync(buffer, cancellationToken);
    var body = buffer.ToArray();

    var secret = await secrets.GetAsync(cancellationToken);
    if (!WebhookDelivery.TryVerify(secret, headers, body, out var delivery, out var reason, verification)
        && reason == WebhookFailureReason.NoMatchingSignature && secrets.CanRefresh)
    {
        // Perhaps the key was rotated: refresh (rate-limited by the provider) and try once more.
        secret = await secrets.RefreshAsync(cancellationToken);
        WebhookDelivery.TryVerify(secret, headers, body, out delivery, out reason, verification);
    }

    if (delivery is null)
    {
        return Results.Text(reason.ToToken(), statusCode: StatusCodes.Status400BadRequest);
    }

    if (!deduplicator.TryRecord(delivery.Id))
    {
        // Already have it: say so with a 2xx, or Replicate keeps redelivering.
        return Results.Text("duplicate", statusCode: StatusCodes.Status200OK);
    }

    if (!queue.Writer.TryWrite(delivery))
    {
        deduplicator.Forget(delivery.Id);
        return Results.Text("busy", statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    return Results.Text("accepted", statusCode: StatusCodes.Status202Accepted);
});

await app.StartAsync();

// One line with the bound address, so that scripts and tests can start the receiver on port 0.
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine($"WebhookReceiver listening on {address}");
await app.WaitForShutdownAsync();
secrets.Dispose();
