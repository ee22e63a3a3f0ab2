namespace Replicate.Client.Outputs;

/// <summary>
/// Where prediction outputs are kept before their URLs expire (about an hour after the prediction ends). The client
/// downloads (with retries) and hands each file here as a stream; a store writes it whole or not at all, since a
/// failed attempt is tried again from the start. <see cref="FolderOutputStore"/> writes to a local folder; implement
/// this for blob storage. Calls may come from several predictions at once.
/// </summary>
public interface IOutputStore
{
    /// <summary>Stores <paramref name="content"/> as <paramref name="file"/>, replacing what an earlier attempt stored; returns where it is (a path or URL).</summary>
    Task<string> SaveAsync(OutputFile file, Stream content, CancellationToken cancellationToken = default);
}
