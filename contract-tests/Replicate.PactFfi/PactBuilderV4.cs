using System.Runtime.ExceptionServices;
using Replicate.PactFfi.Native;

namespace Replicate.PactFfi;

/// <summary>
/// Owns one pact handle of the engine. Interactions are added to it; <see cref="VerifyAsync"/> serves them from a mock
/// server, reports mismatches, writes the pact file, then shuts the server down and releases the handle.
/// </summary>
internal sealed class PactBuilderV4 : IPactBuilderV4
{
    private readonly string consumer;
    private readonly string provider;
    private readonly PactConfig config;
    private readonly int port;
    private readonly ushort pact;
    private readonly List<RequestBuilderV4> interactions = [];
    private readonly object gate = new();
    private bool spent;

    internal PactBuilderV4(string consumer, string provider, PactConfig config, int port)
    {
        this.consumer = consumer;
        this.provider = provider;
        this.config = config;
        this.port = port;
        PactEngine.Initialize(config.LogLevel);
        pact = PactNative.NewPact(consumer, provider);
        EngineCall.Require(PactNative.WithSpecification(pact, PactSpecification.V4), "pactffi_with_specification(V4)");
        EngineCall.Require(
            PactNative.WithPactMetadata(pact, "replicate-pactffi", "binding", "Replicate.PactFfi over pact_ffi " + PactEngine.Version),
            "pactffi_with_pact_metadata");
    }

    public IRequestBuilderV4 UponReceiving(string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        lock (gate)
        {
            ThrowIfSpent();
            var interaction = PactNative.NewInteraction(pact, description);
            EngineCall.Require(interaction != 0, "pactffi_new_interaction");
            EngineCall.Require(PactNative.UponReceiving(interaction, description), "pactffi_upon_receiving");
            var builder = new RequestBuilderV4(interaction, description, config.DefaultJsonSettings);
            interactions.Add(builder);
            return builder;
        }
    }

    public void Verify(Action<IConsumerContext> interact)
    {
        ArgumentNullException.ThrowIfNull(interact);
        VerifyAsync(context =>
        {
            interact(context);
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();
    }

    public async Task VerifyAsync(Func<IConsumerContext, Task> interact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interact);
        lock (gate)
        {
            ThrowIfSpent();
            spent = true;
        }

        NativeMockServer? server = null;
        try
        {
            if (interactions.Count == 0)
            {
                throw new InvalidOperationException("The pact has no interactions to verify: call UponReceiving first.");
            }

            var unanswered = interactions.Where(i => !i.HasResponse).Select(i => i.Description).ToList();
            if (unanswered.Count > 0)
            {
                throw new InvalidOperationException("Interactions without a response (call WillRespond): " + string.Join(", ", unanswered));
            }

            cancellationToken.ThrowIfCancellationRequested();
            server = NativeMockServer.Start(pact, "127.0.0.1", port);

            Exception? thrown = null;
            try
            {
                await interact(new ConsumerContext(server.Uri)).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Mismatches explain a client failure better than the client's own exception, so look at them first.
                thrown = e;
            }

            if (!server.Matched())
            {
                var mismatches = MismatchReport.Parse(server.MismatchesJson());
                throw new PactFailureException(MismatchReport.Format(consumer, provider, mismatches, thrown, server.Logs()), mismatches, thrown);
            }

            if (thrown is not null)
            {
                ExceptionDispatchInfo.Throw(thrown);
            }

            cancellationToken.ThrowIfCancellationRequested();
            server.WritePactFile(config.PactDir);
        }
        finally
        {
            server?.Dispose();
            _ = PactNative.FreePactHandle(pact);
        }
    }

    private void ThrowIfSpent()
    {
        if (spent)
        {
            throw new InvalidOperationException("This pact builder has been verified already; create a new one per verification.");
        }
    }

    private sealed record ConsumerContext(Uri MockServerUri) : IConsumerContext;
}
