using ModelContextProtocol;

namespace Replicate.Mcp.Tests;

/// <summary>
/// run_model carries a prediction to its end: never <c>starting</c> (a held create that answers <c>processing</c> is
/// polled), with progress notifications from the model's progress lines when the client sends a progress token, its
/// input checked against the model's schema first, and failures as tool errors.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public class RunModelTests
{
    [Test]
    public async Task Run_model_returns_the_final_output_with_increasing_progress_after_a_held_create_that_was_still_processing()
    {
        await using var server = await McpHarness.StartAsync(fake => fake.AddModel("acme", "painter", new FakeRunScript
        {
            QueueTime = TimeSpan.FromSeconds(2),
            RunTime = TimeSpan.FromMinutes(3),     // longer than the 60 s hold: the create answers "processing"
            ProgressSteps = 10,
            Outputs = [FakeOutput.FromText("a cat on a mat")],
        }));
        await using var clock = ClockDriver.Start(server.Fake, TimeSpan.FromSeconds(2));
        var progress = new Collected<ProgressNotificationValue>();

        var result = await server.CallAsync("run_model", new { model = "acme/painter", input = new { prompt = "a cat" } }, progress);

        result.IsError.Should().NotBe(true, result.Text());
        var prediction = result.Structured();
        prediction.GetProperty("status").GetString().Should().Be("succeeded", "run_model returns only at a final status");
        prediction.GetProperty("output").GetString().Should().Be("a cat on a mat");
        var create = server.Fake.Requests.Single(r => r.OperationId == "Models_PredictionsCreate");
        create.Header("Prefer").Should().StartWith("wait", "the create asks the server to hold");
        server.Fake.Requests.SkipWhile(r => r != create).Should().Contain(r => r.OperationId == "Predictions_Get",
            "the held answer was still processing, so the prediction was polled to its end");

        var values = progress.Items.Select(p => p.Progress).ToList();
        values.Should().HaveCountGreaterThanOrEqualTo(2, "the model printed progress lines while it ran");
        values.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems("progress only increases");
        values.Should().OnlyContain(v => v >= 0 && v <= 100);
        progress.Items.Should().OnlyContain(p => p.Total == 100);
        values[^1].Should().Be(100, "the last progress line is the 100 % one");
    }

    [Test]
    public async Task Without_a_progress_token_there_are_no_notifications_and_the_output_is_the_same()
    {
        await using var server = await McpHarness.StartAsync(fake => fake.AddModel("acme", "quick", new FakeRunScript { ProgressSteps = 4, Outputs = [FakeOutput.FromText("done")] }));

        var result = await server.CallAsync("run_model", new { model = "acme/quick", input = new { prompt = "x" } });

        result.IsError.Should().NotBe(true, result.Text());
        result.Structured().GetProperty("output").GetString().Should().Be("done");
        server.Stdout.Should().NotContain("notifications/progress", "no progress token, no progress notifications");
    }

    [Test]
    public async Task An_input_the_schema_refuses_is_a_tool_error_naming_the_field_and_nothing_is_created()
    {
        await using var server = await McpHarness.StartAsync(fake => fake.AddModel("acme", "painter"));

        var result = await server.CallAsync("run_model", new { model = "acme/painter", input = new { promtp = "a cat" } });

        result.IsError.Should().BeTrue();
        result.Text().Should().Contain("/promtp").And.Contain("prompt", "the error names the field and suggests the input meant");
        server.Fake.Predictions.Should().BeEmpty("an invalid input creates nothing");
    }

    [Test]
    public async Task The_generic_create_checks_the_input_against_the_model_schema_too()
    {
        await using var server = await McpHarness.StartAsync(fake => fake.AddModel("acme", "painter"));

        var invalid = await server.CallAsync("models_predictions_create", new { model = "acme/painter", input = new { prompt = 5 } });
        var valid = await server.CallAsync("models_predictions_create", new { model = "acme/painter", input = new { prompt = "a cat" } });

        invalid.IsError.Should().BeTrue();
        invalid.Text().Should().Contain("/prompt").And.Contain("type").And.Contain("nothing was created");
        valid.IsError.Should().NotBe(true, valid.Text());
        server.Fake.Predictions.Should().ContainSingle("only the valid input was created");
    }

    [Test]
    public async Task A_failed_prediction_is_a_tool_error_with_its_error_and_id()
    {
        await using var server = await McpHarness.StartAsync(fake => fake.AddModel("acme", "broken", new FakeRunScript { Error = "CUDA out of memory", Logs = ["loading"] }));

        var result = await server.CallAsync("run_model", new { model = "acme/broken", input = new { prompt = "x" } });

        result.IsError.Should().BeTrue();
        var id = server.Fake.Predictions.Single().Id;
        result.Text().Should().Contain(id).And.Contain("failed").And.Contain("CUDA out of memory");
    }

    [Test]
    public async Task Get_model_schema_lists_the_inputs_and_the_required_ones()
    {
        await using var server = await McpHarness.StartAsync(fake => fake.AddModel("acme", "painter"));

        var result = await server.CallAsync("get_model_schema", new { model = "acme/painter" });

        result.IsError.Should().NotBe(true, result.Text());
        var schema = result.Structured();
        schema.GetProperty("inputs").EnumerateArray().Select(i => i.GetString()).Should().Contain("prompt");
        schema.GetProperty("input_schema").GetProperty("properties").TryGetProperty("prompt", out _).Should().BeTrue();
        schema.GetProperty("version").GetString().Should().NotBeNullOrEmpty();
    }

    [Test]
    public async Task Download_output_saves_the_output_in_the_download_folder_only()
    {
        await using var server = await McpHarness.StartAsync(fake => fake.AddModel("acme", "painter", new FakeRunScript
        {
            Outputs = [FakeOutput.FromFile("cat.png", "not really a png"u8.ToArray(), "image/png")],
        }));
        var run = await server.CallAsync("run_model", new { model = "acme/painter", input = new { prompt = "x" } });
        var url = run.Structured().GetProperty("output").GetString()!;

        var saved = await server.CallAsync("download_output", new { url });
        var again = await server.CallAsync("download_output", new { url });
        var escape = await server.CallAsync("download_output", new { url, file_name = "../outside.png" });

        saved.IsError.Should().NotBe(true, saved.Text());
        var path = saved.Structured().GetProperty("path").GetString()!;
        Path.GetDirectoryName(path).Should().Be(Path.GetFullPath(server.Downloads));
        Path.GetFileName(path).Should().Be("cat.png");
        (await File.ReadAllTextAsync(path)).Should().Be("not really a png");
        Path.GetFileName(again.Structured().GetProperty("path").GetString()).Should().Be("cat-1.png", "an existing file is never overwritten");
        escape.IsError.Should().BeTrue();
        escape.Text().Should().Contain("file name");
        File.Exists(Path.Combine(server.Downloads, "..", "outside.png")).Should().BeFalse();
        Directory.GetFiles(server.Downloads).Select(Path.GetFileName).Should().BeEquivalentTo(["cat.png", "cat-1.png"], "no temporary file is left behind");
    }
}
