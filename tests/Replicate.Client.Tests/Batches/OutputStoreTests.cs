using System.Net;
using System.Text;
using Replicate.Client.Outputs;
using Replicate.Generated;
using Replicate.Testing;

namespace Replicate.Client.Tests.Batches;

/// <summary>Saving outputs: every file of an output, named by key, retried, written whole or not at all.</summary>
public class OutputStoreTests : WithTemporaryFolder
{
    [Test]
    public async Task Every_file_of_an_output_is_saved_under_the_key_https_and_data_URIs_alike()
    {
        await using var fake = new FakeReplicate();
        fake.AddModel("acme", "many", new FakeRunScript
        {
            Outputs = [FakeOutput.FromFile("first.png", new byte[] { 1, 1 }), FakeOutput.FromFile("second.webp", new byte[] { 2, 2 }), FakeOutput.FromDataUri(Encoding.UTF8.GetBytes("hello"), "text/plain")],
        });
        using var client = BatchFakes.Client(fake);
        var prediction = await fake.RunUntilCompletedAsync((await client.CreatePredictionAsync("acme/many", new { })).WaitForCompletionAsync());
        var store = new FolderOutputStore(Folder);

        var saved = await client.SaveOutputsAsync("cat/../1", prediction, store);

        saved.Select(Path.GetFileName).Should().Equal(["cat%2F..%2F1-0.png", "cat%2F..%2F1-1.webp", "cat%2F..%2F1-2.txt"], "one file per output, in order, the key made safe for a file name");
        saved.Should().OnlyContain(p => Path.GetDirectoryName(p) == store.Folder, "a key never leads out of the folder");
        File.ReadAllBytes(saved[0]).Should().Equal(1, 1);
        File.ReadAllBytes(saved[1]).Should().Equal(2, 2);
        File.ReadAllText(saved[2]).Should().Be("hello");
    }

    [Test]
    public async Task An_output_without_files_is_saved_as_its_JSON()
    {
        await using var fake = new FakeReplicate();
        fake.AddModel("acme", "words", new FakeRunScript { Outputs = [FakeOutput.FromText("a "), FakeOutput.FromText("cat")] });
        using var client = BatchFakes.Client(fake);
        var prediction = await fake.RunUntilCompletedAsync((await client.CreatePredictionAsync("acme/words", new { })).WaitForCompletionAsync());

        var saved = await client.SaveOutputsAsync("caption", prediction, new FolderOutputStore(Folder));

        saved.Should().ContainSingle().Which.Should().EndWith("caption.json");
        File.ReadAllText(saved[0]).Should().Be("""["a ","cat"]""");
    }

    [Test]
    public async Task A_download_cut_mid_body_is_tried_again_and_only_the_whole_file_is_kept()
    {
        await using var fake = new FakeReplicate();
        var content = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();
        fake.AddModel("acme", "big", new FakeRunScript { Outputs = [FakeOutput.FromFile("big.bin", content)] });
        var cut = new CutFirstDownload(fake.CreateHandler());
        using var client = BatchFakes.Client(fake, o => o.Transport = cut);
        var prediction = await fake.RunUntilCompletedAsync((await client.CreatePredictionAsync("acme/big", new { })).WaitForCompletionAsync());

        var saved = await fake.RunUntilCompletedAsync(client.SaveOutputsAsync("big", prediction, new FolderOutputStore(Folder)));

        cut.Downloads.Should().Be(2, "the first download broke half-way and was tried again");
        File.ReadAllBytes(saved.Single()).Should().Equal(content);
        Directory.GetFiles(Folder).Should().ContainSingle("the broken attempt left no partial file");
    }

    [Test]
    public async Task An_expired_output_fails_at_once_with_the_prediction_and_no_file()
    {
        await using var fake = new FakeReplicate();
        fake.AddModel("acme", "m", new FakeRunScript { Outputs = [FakeOutput.FromFile("a.png", new byte[] { 1 })] });
        using var client = BatchFakes.Client(fake);
        var prediction = await fake.RunUntilCompletedAsync((await client.CreatePredictionAsync("acme/m", new { })).WaitForCompletionAsync());
        await fake.AdvanceAsync(TimeSpan.FromHours(2));

        var save = () => client.SaveOutputsAsync("late", prediction, new FolderOutputStore(Folder));

        var thrown = (await save.Should().ThrowAsync<ReplicateOutputSaveException>()).Which;
        thrown.PredictionId.Should().Be(prediction.Id);
        thrown.Key.Should().Be("late");
        thrown.Message.Should().Contain("after 1 attempt(s)", "a gone output is not retried");
        thrown.Operation.Should().Contain(prediction.Id);
        Directory.GetFiles(Folder).Should().BeEmpty();
    }

    [Test]
    public async Task A_store_write_that_fails_leaves_neither_the_target_nor_a_temporary_file()
    {
        var store = new FolderOutputStore(Folder);
        var file = new OutputFile("k", 0, 1, null, "k.bin", null);

        var write = () => store.SaveAsync(file, new FailingStream());

        await write.Should().ThrowAsync<IOException>();
        Directory.GetFiles(Folder).Should().BeEmpty();
    }

    [TestCase("plain-key_1.v2", "plain-key_1.v2")]
    [TestCase(".hidden", "%2Ehidden")]
    [TestCase("a/b\\c:d", "a%2Fb%5Cc%3Ad")]
    [TestCase("100%", "100%25")]
    [TestCase("café", "caf%C3%A9")]
    public void Keys_become_safe_distinct_file_names(string key, string name) =>
        FolderOutputStore.SafeName(key).Should().Be(name);

    // Breaks the body of the first output download half-way (a dropped connection), then lets downloads through.
    private sealed class CutFirstDownload(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int _downloads;

        public int Downloads => _downloads;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri!.AbsolutePath.StartsWith("/fake/outputs/", StringComparison.Ordinal) && Interlocked.Increment(ref _downloads) == 1)
            {
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                response.Content = new StreamContent(new CutStream(bytes[..(bytes.Length / 2)]));
            }

            return response;
        }
    }

    private sealed class CutStream(byte[] head) : MemoryStream(head)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer, cancellationToken);
            return read > 0 ? read : throw new IOException("The connection was reset.");
        }
    }

    private sealed class FailingStream : MemoryStream
    {
        private int _reads;

        public FailingStream()
            : base(new byte[8192])
        {
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ++_reads > 1 ? throw new IOException("disk on fire") : base.ReadAsync(buffer, cancellationToken);
    }
}
