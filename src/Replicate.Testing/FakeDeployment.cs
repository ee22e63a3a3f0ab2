namespace Replicate.Testing;

/// <summary>A deployment the fake knows: predictions created through it run the model's script.</summary>
public sealed class FakeDeployment
{
    /// <summary>Creates a deployment <c>owner/name</c> of <paramref name="model"/> (added to the fake first).</summary>
    public FakeDeployment(string owner, string name, FakeModel model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Owner = owner;
        Name = name;
        Model = model ?? throw new ArgumentNullException(nameof(model));
    }

    /// <summary>The deployment's owner.</summary>
    public string Owner { get; }

    /// <summary>The deployment's name.</summary>
    public string Name { get; }

    /// <summary>The model it serves.</summary>
    public FakeModel Model { get; }

    /// <summary>The hardware SKU; default <c>gpu-t4</c>.</summary>
    public string Hardware { get; init; } = "gpu-t4";

    /// <summary>Minimum instances; default 0.</summary>
    public int MinInstances { get; init; }

    /// <summary>Maximum instances; default 1.</summary>
    public int MaxInstances { get; init; } = 1;
}
