namespace Replicate.Client.Tests.Batches;

/// <summary>A fresh folder for each test (journals, stored outputs), removed after it.</summary>
public abstract class WithTemporaryFolder
{
    /// <summary>The test's folder.</summary>
    protected string Folder { get; private set; } = null!;

    [SetUp]
    public void CreateFolder() => Folder = Directory.CreateTempSubdirectory("replicate-batch-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(Folder, recursive: true);
}
