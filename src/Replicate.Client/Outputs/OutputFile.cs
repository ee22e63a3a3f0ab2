namespace Replicate.Client.Outputs;

/// <summary>One output file of a prediction, as handed to an <see cref="IOutputStore"/>.</summary>
public sealed record OutputFile
{
    internal OutputFile(string key, int index, int count, Uri? source, string fileName, string? mediaType)
    {
        Key = key;
        Index = index;
        Count = count;
        Source = source;
        FileName = fileName;
        MediaType = mediaType;
    }

    /// <summary>The key the outputs are stored under (a batch item's key).</summary>
    public string Key { get; }

    /// <summary>Its place among the prediction's output files, from 0.</summary>
    public int Index { get; }

    /// <summary>How many output files the prediction has.</summary>
    public int Count { get; }

    /// <summary>Where it came from: the https URL or <c>data:</c> URI in the output; null for the output value itself (<c>{key}.json</c>).</summary>
    public Uri? Source { get; }

    /// <summary>
    /// The name to store it under: the key, then <c>-{index}</c> when there are several, then the extension of the
    /// source (<c>cat.png</c>, <c>cat-0.png</c>, <c>cat-1.png</c>; <c>cat.json</c> for an output without files). The key is
    /// kept as it is: a store that writes files makes it safe for its file system (<see cref="FolderOutputStore"/> does).
    /// </summary>
    public string FileName { get; }

    /// <summary>The media type when the source names one (a <c>data:</c> URI does), else null.</summary>
    public string? MediaType { get; }
}
