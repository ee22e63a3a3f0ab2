namespace Replicate.Client.RateLimiting;

/// <summary>
/// The two budgets Replicate counts a request against: creating a prediction or training (600 a minute), and
/// everything else (3000 a minute), polls included.
/// </summary>
public enum ReplicateRequestKind
{
    /// <summary>Any request that does not create a prediction or training: gets, polls, lists, cancels, uploads.</summary>
    Other = 0,

    /// <summary>A request that creates a prediction or training (<c>POST …/predictions</c>, <c>POST …/trainings</c>).</summary>
    Create = 1,
}
