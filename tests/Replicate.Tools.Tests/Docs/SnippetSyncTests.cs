using Replicate.Testing;
using Replicate.Tools.Docs;

namespace Replicate.Tools.Tests.Docs;

/// <summary>
/// The READMEs' C# blocks are regions of the compiled sample: a block that differs, a marker without a region or a
/// region shown nowhere fails the build, so the docs cannot drift from the API.
/// </summary>
public class SnippetSyncTests
{
    private string _root = null!;

    [SetUp]
    public void CreateRoot()
    {
        _root = Directory.CreateTempSubdirectory("replicate-snippets-").FullName;
        Directory.CreateDirectory(Path.Combine(_root, "samples", "App"));
    }

    [TearDown]
    public void DeleteRoot() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private const string Sample = """
        namespace App;

        public static class Demo
        {
            public static int Add(int a, int b)
            {
                // region:add
                var sum = a + b;

                if (sum > 10)
                {
                    sum = 10;
                }
                // endregion
                return sum;
            }
        }
        """;

    [Test]
    public void The_readmes_show_exactly_the_regions_of_the_compiled_samples()
    {
        var result = SnippetSync.Run(RepoRoot.Path, write: false);

        result.Problems.Should().BeEmpty();
        result.Stale.Should().BeEmpty("README code must equal its region in samples/; run 'make snippets' after changing either");
        result.Used.Should().BeGreaterThanOrEqualTo(10, "the README shows run, wait, paging, stream, upload, errors, retries and DI from compiled code");
    }

    [Test]
    public void A_region_is_dedented_and_keeps_its_inner_blank_lines()
    {
        Write("samples/App/Demo.cs", Sample);
        var problems = new List<string>();

        var snippets = SnippetSync.Collect(_root, SnippetSync.SourceFiles(_root), problems);

        problems.Should().BeEmpty();
        snippets["add"].Code.Should().Be("var sum = a + b;\n\nif (sum > 10)\n{\n    sum = 10;\n}");
        snippets["add"].Source.ToString().Should().Be("samples/App/Demo.cs:7");
    }

    [Test]
    public void Sync_replaces_a_marked_block_and_leaves_everything_else_alone_and_is_idempotent()
    {
        Write("samples/App/Demo.cs", Sample);
        Write("README.md", "# Demo\n\n<!-- snippet:add -->\n```csharp\nold code\n```\n\n```csharp\nunmarked stays\n```\n");

        var written = SnippetSync.Run(_root, write: true);
        var text = File.ReadAllText(Path.Combine(_root, "README.md"));
        var again = SnippetSync.Run(_root, write: false);

        written.Stale.Should().Equal("README.md");
        text.Should().Be("# Demo\n\n<!-- snippet:add -->\n```csharp\nvar sum = a + b;\n\nif (sum > 10)\n{\n    sum = 10;\n}\n```\n\n```csharp\nunmarked stays\n```\n");
        again.Stale.Should().BeEmpty();
        again.Problems.Should().BeEmpty();
    }

    [Test]
    public void A_changed_region_makes_the_check_fail_until_synced()
    {
        Write("samples/App/Demo.cs", Sample);
        Write("README.md", "<!-- snippet:add -->\n```csharp\n```\n");
        SnippetSync.Run(_root, write: true);
        Write("samples/App/Demo.cs", Sample.Replace("a + b", "a - b", StringComparison.Ordinal));

        SnippetSync.Run(_root, write: false).Stale.Should().Equal(["README.md"], "the README still shows a + b");
    }

    [Test]
    public void Package_readmes_are_checked_too()
    {
        Write("samples/App/Demo.cs", Sample);
        Write("README.md", "<!-- snippet:add -->\n```csharp\n```\n");
        Write("src/Lib/PACKAGE.md", "# Lib\n\n<!-- snippet:add -->\n```csharp\nstale\n```\n");

        SnippetSync.Run(_root, write: false).Stale.Should().Equal("README.md", "src/Lib/PACKAGE.md");
    }

    [Test]
    public void Broken_markers_and_regions_are_reported_with_their_place()
    {
        Write("samples/App/Demo.cs", Sample + "\n// region:unused\nvar x = 1;\n// endregion\n// region:open\nvar y = 2;\n");
        Write("samples/App/Other.cs", "// region:add\nvar z = 3;\n// endregion\n");
        Write("README.md", "<!-- snippet:add -->\n```csharp\n```\n\n<!-- snippet:missing -->\n```csharp\n```\n\n<!-- snippet:add -->\ntext, not a block\n");

        var result = SnippetSync.Run(_root, write: false);

        result.Problems.Should().Contain(p => p.StartsWith("samples/App/Other.cs:1: region 'add' is also defined at samples/App/Demo.cs:7", StringComparison.Ordinal))
            .And.Contain(p => p.StartsWith("samples/App/Demo.cs:", StringComparison.Ordinal) && p.Contains("region 'open' has no '// endregion'", StringComparison.Ordinal))
            .And.Contain("README.md:5: no region named 'missing' in samples/")
            .And.Contain("README.md:9: snippet 'add' must be followed by a ```csharp block")
            .And.Contain(p => p.Contains("region 'unused' is shown in no README", StringComparison.Ordinal));
    }

    [Test]
    public async Task Docs_check_exits_1_on_a_stale_block_and_docs_sync_fixes_it()
    {
        Write("Replicate.Generated.sln", string.Empty);
        Write("samples/App/Demo.cs", Sample);
        Write("README.md", "<!-- snippet:add -->\n```csharp\nold\n```\n");

        var check = await RunAsync("docs", "check");
        var sync = await RunAsync("docs", "sync");
        var recheck = await RunAsync("docs", "check");

        check.Exit.Should().Be(1);
        check.Err.Should().Contain("README.md has code blocks that differ from their regions in samples/; run 'make snippets'");
        sync.Exit.Should().Be(0);
        recheck.Exit.Should().Be(0);
        recheck.Out.Should().Contain("1 snippets from 1 regions in samples/ match");
    }

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Program.RunAsync([.. args, "--root", _root], stdout, stderr, handler: null, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
