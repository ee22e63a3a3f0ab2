using Replicate.Testing;
using Replicate.Tools.PublicApi;

namespace Replicate.Tools.Tests;

/// <summary>
/// The public-API gate: the built shipped assemblies must match their committed listings under api/. A difference
/// fails with the diff and the command that accepts it.
/// </summary>
public class PublicApiTests
{
    // The configuration this test project was built in (bin/<Configuration>/<framework>/): the shipped assemblies
    // are checked in the same one, as `make test` builds everything in one configuration.
    private static readonly string Configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static IEnumerable<string> Shipped() => ApiGate.AllListings;

    [TestCaseSource(nameof(Shipped))]
    public void The_built_public_API_matches_the_committed_listing(string assembly)
    {
        var result = ApiGate.Check(RepoRoot.Path, assembly, Configuration);

        result.Committed.Should().NotBeNull($"api/{assembly}.txt must be committed; create it with '{ApiGate.AcceptCommand}'");
        result.Matches.Should().BeTrue(
            $"the public API of {assembly} must match api/{assembly}.txt. If the change is intended, run '{ApiGate.AcceptCommand}' and commit api/.\n{result.Diff}");
    }

    [Test]
    public void Only_shipped_assemblies_have_listings()
    {
        Directory.EnumerateFiles(RepoRoot.Combine("api"), "*.txt").Select(Path.GetFileNameWithoutExtension)
            .Should().BeEquivalentTo(ApiGate.AllListings, "a stale listing would gate nothing");
    }

    [Test]
    public void A_tool_removed_or_renamed_is_breaking_for_agents_and_a_new_one_additive()
    {
        const string Before = "# header\nmodels_get | GET /models/{model_owner}/{model_name} | read-only, idempotent | model_owner*\nsearch | GET /search | read-only, idempotent | query*\n";
        var renamed = Before.Replace("search |", "search_all |", StringComparison.Ordinal);
        var added = Before + "widgets_list | GET /widgets | read-only, idempotent | cursor\n";

        ApiGate.ToolChanges(Before, renamed).Should().Be("breaking for agents: search removed or renamed; additive: search_all new");
        ApiGate.ToolChanges(Before, added).Should().Be("additive: widgets_list new");
        ApiGate.ToolChanges(Before, Before).Should().BeNull();
    }

    [Test]
    public void A_listing_shows_types_and_signatures_with_nullability_and_no_build_paths()
    {
        var dll = typeof(RepoRoot).Assembly.Location;

        var listing = ApiLister.List(dll);

        listing.Should().Contain("namespace Replicate.Testing")
            .And.Contain("public static class RepoRoot\n{")
            .And.Contain("    public static string Path { get; }")
            .And.Contain("    public static string Combine(params string[] parts);")
            .And.NotContain("Find(", "private members are not public API")
            .And.NotContain(RepoRoot.Path, "the listing must not depend on where the build ran");
    }

    [Test]
    public void A_listing_says_this_on_extension_methods_and_question_marks_only_where_a_type_parameter_has_one()
    {
        var listing = ApiLister.List(typeof(PublicApiTests).Assembly.Location);

        listing.Should().Contain("    public static string Shout(this string text);")
            .And.Contain("    public static T Echo<T>(T value);")
            .And.Contain("    public static T? Maybe<T>(T? value);")
            .And.Contain("    public static System.Collections.Generic.IReadOnlyList<T> All<T>(System.Collections.Generic.IEnumerable<T> items);");
    }

    [Test]
    public void A_listing_is_the_same_from_another_folder_and_on_every_run()
    {
        var dll = typeof(RepoRoot).Assembly.Location;
        var copy = Directory.CreateTempSubdirectory("replicate-api-").FullName;
        try
        {
            foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(dll)!, "Replicate.TestSupport.*"))
            {
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            }

            var here = ApiLister.List(dll);

            ApiLister.List(dll).Should().Be(here, "the listing is deterministic");
            ApiLister.List(Path.Combine(copy, "Replicate.TestSupport.dll"), [Path.GetDirectoryName(dll)!]).Should().Be(here, "the build folder does not matter");
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Test]
    public void Package_dependencies_a_class_library_does_not_copy_are_found_through_its_deps_file()
    {
        var client = ApiGate.BuiltAssembly(RepoRoot.Path, "Replicate.Client", Configuration);

        var packages = ApiLister.PackageAssemblies(Path.ChangeExtension(client, ".deps.json"), []).ToList();

        File.Exists(Path.Combine(Path.GetDirectoryName(client)!, "Polly.Core.dll")).Should().BeFalse("a library's build output holds no package assemblies");
        packages.Select(Path.GetFileName).Should().Contain(["Polly.Core.dll", "Microsoft.Kiota.Abstractions.dll", "Microsoft.Extensions.Http.dll"],
            "the listing must resolve package types the public API may expose");
        packages.Should().OnlyContain(p => File.Exists(p));
    }

    [Test]
    public void A_differing_listing_is_reported_as_a_unified_diff()
    {
        var diff = LineDiff.Unified("a\nb\nc\nd\n", "a\nb\nC\nd\ne\n", "old", "new");

        diff.Should().Be("--- old\n+++ new\n@@ -1,4 +1,5 @@\n a\n b\n-c\n+C\n d\n+e\n");
        LineDiff.Unified("same\n", "same\n", "old", "new").Should().BeEmpty();
    }

    [Test]
    public async Task Api_list_of_a_missing_assembly_exits_2()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await Program.RunAsync(["api", "list", "--assembly", "/nonexistent/Nothing.dll"], stdout, stderr, null, CancellationToken.None);

        exit.Should().Be(2);
        stderr.ToString().Should().Contain("no such file");
    }
}
