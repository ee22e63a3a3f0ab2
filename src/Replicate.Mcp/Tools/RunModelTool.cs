using System.Globalization;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using Replicate.Client.Errors;
using Replicate.Client.Predictions;
using Replicate.Client.Waiting;
using Replicate.Generated;

namespace Replicate.Mcp.Tools;

/// <summary>
/// <c>run_model</c>: create a prediction and carry it to a final status — never answer <c>starting</c> (a
/// <c>Prefer: wait</c> answer may still be <c>processing</c>: the library keeps polling). The input is checked against
/// the model's schema first (every error, nothing created). With a progress token the client gets the model's progress
/// lines; MCP cancellation cancels the prediction on the server (<c>POST /predictions/{id}/cancel</c>).
/// </summary>
internal sealed class RunModelTool(ToolContext context) : AgentTool(context, Info)
{
    private const int LogLines = 20;

    private static readonly AgentToolInfo Info = new(
        Name: "run_model",
        Resource: "predictions",
        Operation: "create a prediction, wait for its final status",
        Title: "Run a model to its output",
        Description: "Runs a model and returns only when the prediction is final, with its output (succeeded) or its error (failed, canceled, aborted: a tool error). "
            + "The input is checked against the model's schema before anything is created. Sends progress notifications from the model's progress lines "
            + "when given a progress token; cancelling the call cancels the prediction. Outputs are URLs that expire after about an hour: download_output saves them.",
        ReadOnly: false,
        Idempotent: false,
        Arguments: """
            {
              "model": { "type": "string", "minLength": 1, "description": "owner/name (the latest version), owner/name:version, or a version id" },
              "input": { "type": "object", "description": "The model's input (get_model_schema describes it)" },
              "timeout_seconds": { "type": "integer", "minimum": 1, "description": "Stop waiting after this long (the prediction goes on; its id is in the error)" }
            }
            """,
        Required: ["model", "input"]);

    protected override async Task<CallToolResult> ExecuteAsync(ToolCall call, CancellationToken cancellationToken)
    {
        var model = call.Text("model")!.Trim();
        if (model.Contains('/', StringComparison.Ordinal) && !ModelReference.TryParse(model, out _))
        {
            throw new ToolArgumentException($"{Name}: no request was sent: argument 'model' must be owner/name, owner/name:version or a version id, not '{model}'");
        }

        var timeout = call.Arguments["timeout_seconds"]?.GetValue<long>() is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        using var input = JsonDocument.Parse(call.Arguments["input"]!.ToJsonString());
        var client = Context.Client;
        var create = new PredictionCreateOptions
        {
            Wait = Timeout.InfiniteTimeSpan,
            // A bare version id has no model to fetch a schema from (the client checks it only against a cached one).
            ValidateInput = Context.Options.ValidateInputs && model.Contains('/', StringComparison.Ordinal),
        };

        // The create runs on the server's lifetime, not the call's: its answer carries the id a cancel needs. A call
        // cancelled meanwhile returns at once; the prediction is cancelled as soon as its id is known.
        var creating = client.CreatePredictionAsync(model, input.RootElement, create, Context.Stopping);
        PredictionOperation operation;
        try
        {
            operation = await creating.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Context.Background(CancelOnceCreatedAsync(creating));
            throw;
        }
        catch (ReplicateException e)
        {
            return ToolResults.From(e, Context.Redactor, call.Note);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new ToolArgumentException($"{Name}: no request was sent: {e.Message}");
        }

        call.Note.PredictionId = operation.Id;
        var progress = new ProgressRelay(call.Request);
        try
        {
            var prediction = await operation.WaitForCompletionAsync(
                new WaitOptions { CancelRemotelyOnCancellation = true, Timeout = timeout }, progress, cancellationToken).ConfigureAwait(false);
            await progress.DrainAsync().ConfigureAwait(false);
            return ToolResults.Json(JsonSerializer.SerializeToElement(prediction, ReplicateJsonSerializerContext.Default.PredictionResponse));
        }
        catch (ReplicateOperationException e)
        {
            await progress.DrainAsync().ConfigureAwait(false);
            var logs = e.Logs is { Length: > 0 } text ? " Last log lines:\n" + string.Join('\n', text.Split('\n').TakeLast(LogLines)) : string.Empty;
            return ToolResults.Error(Context.Redactor.Text($"prediction {e.Id} ended {e.Status}{(e.Error is { } error ? ": " + error : string.Empty)}.{logs}"));
        }
        catch (ReplicateWaitTimeoutException e)
        {
            return ToolResults.Error($"prediction {e.Id} is still {e.LastStatus ?? "running"} after {e.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; "
                + "it goes on: predictions_get reads it, predictions_cancel stops it.");
        }
        catch (ReplicateException e)
        {
            return ToolResults.From(e, Context.Redactor, call.Note);
        }
    }

    private static async Task CancelOnceCreatedAsync(Task<PredictionOperation> creating)
    {
        try
        {
            var operation = await creating.ConfigureAwait(false);
            if (!operation.HasCompleted)
            {
                await operation.CancelAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is ReplicateException or OperationCanceledException or ArgumentException or FormatException)
        {
            // Nothing was created, or the cancel failed: there is no caller left to tell.
        }
    }
}
