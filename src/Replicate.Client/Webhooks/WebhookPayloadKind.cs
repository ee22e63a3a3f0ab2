namespace Replicate.Client.Webhooks;

/// <summary>What a delivery's payload describes, judged from its <c>urls.get</c> link.</summary>
public enum WebhookPayloadKind
{
    /// <summary>Neither a prediction nor a training link was found.</summary>
    Unknown = 0,

    /// <summary>A prediction (<c>urls.get</c> points under <c>/predictions/</c>).</summary>
    Prediction,

    /// <summary>A training (<c>urls.get</c> points under <c>/trainings/</c>).</summary>
    Training,
}
