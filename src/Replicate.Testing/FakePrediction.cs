namespace Replicate.Testing;

/// <summary>A prediction the fake holds (a snapshot): <c>fake.Predictions.Single(p => p.Model == "owner/name")</c>.</summary>
public sealed class FakePrediction : FakeRun
{
    internal FakePrediction(Engine.RunState state, DateTimeOffset now)
        : base(state, now)
    {
        Deployment = state.Deployment;
        Streams = state.Script.Streams;
    }

    /// <summary>The deployment it was created through (<c>owner/name</c>), or null.</summary>
    public string? Deployment { get; }

    /// <summary>Whether it has a stream (<c>urls.stream</c>).</summary>
    public bool Streams { get; }
}
