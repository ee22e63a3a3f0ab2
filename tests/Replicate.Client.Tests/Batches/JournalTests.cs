using System.Text.Json;
using Replicate.Client.Batches;
using Replicate.Client.Outputs;

namespace Replicate.Client.Tests.Batches;

/// <summary>Crash and resume: what the journal records, and a batch run again from it.</summary>
[NonParallelizable]
public class JournalTests : WithTemporaryFolder
{
    [Test]
    [CancelAfter(120_000)]
    public async Task A_batch_stopped_half_way_and_run_again_from_its_journal_creates_nothing_twice_and_collects_every_outcome()
    {
        await using var fake = BatchFakes.Account();
        var items = BatchFakes.Items(200);
        var path = Path.Combine(Folder, "batch.journal");
        var outputs = new FolderOutputStore(Path.Combine(Folder, "outputs"));

        // The first run: abandoned after half the results, as a crash would leave it (no remote cancel, no cleanup).
        var firstRun = new List<BatchResult>();
        using (var crashed = BatchFakes.Client(fake))
        using (var journal = new FileBatchJournal(path))
        {
            await foreach (var result in crashed.RunBatchAsync(items, new BatchOptions { MaxConcurrency = 50, Journal = journal, OutputStore = outputs }))
            {
                firstRun.Add(result);
                if (firstRun.Count == 100)
                {
                    break;
                }
            }
        }

        var createdBefore = fake.Predictions.Count;
        var downloadsBefore = fake.Requests.Count(r => r.Path.StartsWith("/fake/outputs/", StringComparison.Ordinal));
        // Items that finished (outputs stored, journal completed) may outnumber the results read before the break: the
        // rest were waiting in the results buffer. One output each, so the stored files count what finished.
        var storedBefore = Directory.Exists(outputs.Folder) ? Directory.GetFiles(outputs.Folder).Length : 0;

        // The second run: a new client, the same journal file, the same items.
        using var restarted = BatchFakes.Client(fake);
        using var reopened = new FileBatchJournal(path);
        var secondRun = new List<BatchResult>();
        await foreach (var result in restarted.RunBatchAsync(items, new BatchOptions { MaxConcurrency = 50, Journal = reopened, OutputStore = outputs }))
        {
            secondRun.Add(result);
        }

        createdBefore.Should().BeInRange(100, 200, "the first run created what was in flight too");
        fake.Predictions.Should().HaveCount(200, "no item was created twice");
        fake.Predictions.Select(p => p.Input.GetProperty("index").GetInt32()).Should().OnlyHaveUniqueItems();
        secondRun.Should().HaveCount(200, "every outcome is collected").And.OnlyContain(r => r.Succeeded);
        secondRun.Select(r => r.Key).Should().BeEquivalentTo(items.Select(i => i.Key));
        secondRun.Count(r => r.Resumed).Should().Be(createdBefore, "what the first run created is waited on, not created again");
        secondRun.Where(r => firstRun.Any(f => f.Key == r.Key)).Should().OnlyContain(r => r.Resumed && r.StoredOutputs.Count == 0, "finished items are not downloaded again");
        fake.Requests.Count(r => r.Path.StartsWith("/fake/outputs/", StringComparison.Ordinal)).Should().Be(downloadsBefore + (200 - storedBefore), "only what had not finished is downloaded");
        storedBefore.Should().BeGreaterThanOrEqualTo(firstRun.Count);
        Directory.GetFiles(outputs.Folder).Should().HaveCount(200, "every output is stored once, under its key");
        secondRun.Join(fake.Predictions, r => r.PredictionId, p => p.Id, (r, p) => (r.Key, Index: p.Input.GetProperty("index").GetInt32()))
            .Should().OnlyContain(pair => pair.Key.StartsWith($"item-{pair.Index:D4}-", StringComparison.Ordinal), "each key kept its own prediction");
    }

    [Test]
    public async Task A_last_line_cut_short_by_a_crash_is_ignored_and_the_next_record_starts_on_its_own_line()
    {
        var path = Path.Combine(Folder, "torn.journal");
        File.WriteAllText(path, "{\"key\":\"a\",\"id\":\"p1\"}\n{\"key\":\"a\",\"id\":\"p1\",\"done\":true}\n{\"key\":\"b\",\"id\":\"p2\"");
        using var journal = new FileBatchJournal(path);

        var loaded = await journal.LoadAsync();
        await journal.RecordCreatedAsync("c", "p3");
        using var again = new FileBatchJournal(path);
        var reloaded = await again.LoadAsync();

        loaded.Should().ContainSingle().Which.Value.Should().Be(new BatchJournalEntry("a", "p1", Completed: true));
        reloaded.Keys.Should().BeEquivalentTo(["a", "c"], "the torn line stays ignored and the new record is whole");
        reloaded["c"].Should().Be(new BatchJournalEntry("c", "p3", Completed: false));
    }

    [Test]
    public async Task A_malformed_line_before_the_last_is_an_error_naming_the_line_not_a_guess()
    {
        var path = Path.Combine(Folder, "bad.journal");
        File.WriteAllText(path, "{\"key\":\"a\",\"id\":\"p1\"}\nnot json\n{\"key\":\"b\",\"id\":\"p2\"}\n");
        using var journal = new FileBatchJournal(path);

        var load = () => journal.LoadAsync();

        (await load.Should().ThrowAsync<ReplicateJournalException>()).Which.Message.Should().Contain("line 2").And.Contain(path);
    }

    [Test]
    public async Task Records_are_whole_lines_on_disk_when_the_call_returns_even_from_many_items_at_once()
    {
        var path = Path.Combine(Folder, "concurrent.journal");
        using var journal = new FileBatchJournal(path);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => journal.RecordCreatedAsync($"key \"{i}\" ü", $"p{i}")));
        var lines = File.ReadAllLines(path);

        lines.Should().HaveCount(200);
        lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("key").GetString()).Should().OnlyHaveUniqueItems();
        (await new FileBatchJournal(path).LoadAsync()).Should().HaveCount(200);
    }
}
