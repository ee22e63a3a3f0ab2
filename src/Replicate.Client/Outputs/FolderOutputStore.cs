using System.Text;

namespace Replicate.Client.Outputs;

/// <summary>
/// The default <see cref="IOutputStore"/>: files in one folder, named <see cref="OutputFile.FileName"/> with every
/// character that is not a letter, digit, <c>-</c>, <c>_</c> or <c>.</c> written as <c>%XX</c> (UTF-8), and a leading
/// dot escaped too, so any key makes one safe, distinct file name. Each file is written to a temporary file beside
/// it, flushed, then renamed over the target: a reader never sees half a file, and a crash leaves no partial one.
/// </summary>
public sealed class FolderOutputStore : IOutputStore
{
    /// <summary>A store writing into <paramref name="folder"/> (created when missing).</summary>
    public FolderOutputStore(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = Path.GetFullPath(folder);
    }

    /// <summary>The folder written to.</summary>
    public string Folder { get; }

    /// <summary>The path <paramref name="fileName"/> is stored at.</summary>
    public string PathOf(string fileName) => Path.Combine(Folder, SafeName(fileName));

    /// <inheritdoc />
    public async Task<string> SaveAsync(OutputFile file, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(content);
        Directory.CreateDirectory(Folder);
        var target = PathOf(file.FileName);
        var temporary = Path.Combine(Folder, "." + Guid.NewGuid().ToString("N") + ".partial");
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await content.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
            return target;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    // Reversible and collision-free: only [A-Za-z0-9_.-] pass, everything else (and '%' itself, and a leading '.') is %XX.
    internal static string SafeName(string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        var text = new StringBuilder(fileName.Length + 8);
        var bytes = Encoding.UTF8.GetBytes(fileName);
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            var plain = b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_'
                || (b == (byte)'.' && i > 0);
            if (plain)
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
