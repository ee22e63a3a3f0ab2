namespace Replicate.Testing;

/// <summary>A training the fake holds (a snapshot).</summary>
public sealed class FakeTraining : FakeRun
{
    internal FakeTraining(Engine.RunState state, DateTimeOffset now)
        : base(state, now)
    {
        Destination = state.Destination ?? string.Empty;
    }

    /// <summary>The model the trained version goes to (<c>owner/name</c>).</summary>
    public string Destination { get; }
}
