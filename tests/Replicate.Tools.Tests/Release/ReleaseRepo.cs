using System.Text.Json.Nodes;
using Replicate.Testing;
using Replicate.Tools.Normalization;
using Replicate.Tools.Release;
using Replicate.Tools.Spec;
using Replicate.Tools.Tests.Drift;

namespace Replicate.Tools.Tests.Release;

/// <summary>
/// A throwaway repository root holding a release: version.json, the released baseline, and a committed baseline and
/// lock that a test changes with an edit of the synthetic spec.
/// </summary>
internal sealed class ReleaseRepo : IDisposable
{
    public const string SpecSha = "1111111111111111111111111111111111111111111111111111111111111111";
    public const string NewSpecSha = "2222222222222222222222222222222222222222222222222222222222222222";

    public ReleaseRepo(string version = "1.2.3", Action<JsonObject>? change = null)
    {
        Root = Directory.CreateTempSubdirectory("replicate-release-").FullName;
        File.WriteAllText(Path.Combine(Root, "Replicate.Generated.sln"), string.Empty);
        Directory.CreateDirectory(Path.Combine(Root, "openapi", "released"));
        File.Copy(RepoRoot.Combine("openapi", "normalizer.json"), Path.Combine(Root, "openapi", "normalizer.json"));

        var released = SyntheticSpec.Text;
        File.WriteAllText(Files.ReleasedBaseline, released);
        var releasedSha = Sha(released);
        File.WriteAllText(Files.VersionJson, new ReleaseState(SemanticVersion.Parse(version), SpecSha, releasedSha).ToText());

        var current = SyntheticSpec.Create();
        change?.Invoke(current);
        var currentText = change is null ? released : current.ToJsonString();
        SetBaseline(currentText, change is null ? SpecSha : NewSpecSha);
    }

    public string Root { get; }

    public ReleaseFiles Files => new(new RepoPaths(Root));

    /// <summary>Writes a committed baseline and a lock that agrees with it (as 'make accept-spec' does).</summary>
    public void SetBaseline(string text, string specSha)
    {
        File.WriteAllText(Files.Paths.Baseline, text);
        var lockNode = new JsonObject { ["sha256"] = specSha, ["baseline_sha256"] = Sha(text) };
        File.WriteAllText(Files.Paths.Lock, JsonUtil.ToStableText(lockNode));
    }

    public async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Program.RunAsync([.. args, "--root", Root], stdout, stderr, handler: null, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public static string Sha(string text) => SpecPuller.Sha256Hex(JsonUtil.Utf8(text));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
