using Replicate.Client;
using Replicate.Client.Waiting;

namespace Replicate.Testing.Tests.Downstream;

/// <summary>
/// A small service of the kind a team writes on top of the client: caption an image with a model, give up after a
/// while, and report a model failure as its own result rather than an exception.
/// </summary>
public sealed class CaptionService(ReplicateClient replicate)
{
    public const string Model = "salesforce/blip";

    public async Task<CaptionResult> CaptionAsync(Uri image, CancellationToken cancellationToken = default)
    {
        try
        {
            var operation = await replicate.CreatePredictionAsync(Model, new { image = image.AbsoluteUri, task = "image_captioning" }, cancellationToken: cancellationToken);
            var prediction = await operation.WaitForCompletionAsync(new WaitOptions { Timeout = TimeSpan.FromMinutes(5) }, cancellationToken: cancellationToken);
            var caption = new Replicate.Client.Predictions.PredictionOutput(prediction.Output).AsString();
            return new CaptionResult(caption.StartsWith("Caption: ", StringComparison.Ordinal) ? caption["Caption: ".Length..] : caption, null);
        }
        catch (ReplicateOperationFailedException e)
        {
            return new CaptionResult(null, e.Error);
        }
    }
}

/// <summary>A caption, or why there is none.</summary>
public sealed record CaptionResult(string? Caption, string? Error);
