namespace Replicate.Testing;

/// <summary>
/// A fault the fake injects into the next matching requests, for resilience tests:
/// <c>fake.Faults.Add(new FakeFault(FakeFaultKind.ServerError) { OperationId = "Predictions_Get", Count = 2 })</c>.
/// </summary>
public sealed class FakeFault
{
    /// <summary>Creates a fault of the given kind.</summary>
    public FakeFault(FakeFaultKind kind) => Kind = kind;

    /// <summary>What it does.</summary>
    public FakeFaultKind Kind { get; }

    /// <summary>The operation it hits (the baseline's id, e.g. <c>Predictions_Create</c>); null hits any request.</summary>
    public string? OperationId { get; init; }

    /// <summary>How many requests it hits before it is used up; default 1.</summary>
    public int Count { get; init; } = 1;

    /// <summary>The status of a <see cref="FakeFaultKind.ServerError"/>; default 503.</summary>
    public int StatusCode { get; init; } = 503;

    /// <summary>The pause before each chunk of a <see cref="FakeFaultKind.SlowBody"/>, on the fake's clock; default 10 s.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(10);
}
