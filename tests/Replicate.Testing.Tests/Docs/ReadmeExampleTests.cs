using Replicate.Client;

namespace Replicate.Testing.Tests.Docs;

/// <summary>
/// The fake's example in README.md and src/Replicate.Testing/PACKAGE.md is this test's body (between the
/// <c>readme:</c> markers): it runs here, and a second test fails when either document shows other code.
/// </summary>
public class ReadmeExampleTests
{
    [Test]
    public async Task The_readme_example_runs()
    {
        // readme:fake-start
        await using var fake = new FakeReplicate();
        fake.AddModel("acme", "captioner", new FakeRunScript
        {
            QueueTime = TimeSpan.FromSeconds(1),              // starting
            RunTime = TimeSpan.FromSeconds(20),               // processing
            Logs = ["loading weights"],
            ProgressSteps = 10,                               // tqdm lines: " 50%|█████     | 5/10 [...]"
            Outputs = [FakeOutput.FromText("a cat on a mat")],
        });

        using var replicate = new ReplicateClient(new ReplicateClientOptions
        {
            ApiToken = "test",
            BaseAddress = fake.BaseAddress,                   // http://replicate.fake/v1/
            Transport = fake.CreateHandler(),                 // in process; or await fake.StartServerAsync() for a real socket
            TimeProvider = fake.Time,                         // one timeline for the fake and the client
        });

        var output = await replicate.RunAsync("acme/captioner", new { image = "https://example.test/cat.jpg" });

        Assert.That(output.AsString(), Is.EqualTo("a cat on a mat"));
        Assert.That(fake.Predictions.Single().Input.GetProperty("image").GetString(), Does.EndWith("cat.jpg"));
        Assert.That(fake.Requests.Single(r => r.OperationId == "Models_PredictionsCreate").Header("Prefer"), Does.StartWith("wait"));
        // readme:fake-end
    }

    [TestCase("README.md")]
    [TestCase("src/Replicate.Testing/PACKAGE.md")]
    public void The_documents_show_exactly_the_code_that_runs(string document)
    {
        var source = File.ReadAllLines(RepoRoot.Combine("tests", "Replicate.Testing.Tests", "Docs", "ReadmeExampleTests.cs"));
        var start = Array.FindIndex(source, l => l.Trim() == "// readme:fake-start");
        var end = Array.FindIndex(source, l => l.Trim() == "// readme:fake-end");
        var body = source[(start + 1)..end];
        var indent = body.Where(l => l.Length > 0).Min(l => l.Length - l.TrimStart().Length);
        var code = string.Join('\n', body.Select(l => l.Length >= indent ? l[indent..] : l));

        File.ReadAllText(RepoRoot.Combine(document.Split('/'))).ReplaceLineEndings("\n").Should().Contain("```csharp\n" + code + "\n```",
            $"{document} shows the example this test runs; copy the code between the readme: markers into it");
    }
}
