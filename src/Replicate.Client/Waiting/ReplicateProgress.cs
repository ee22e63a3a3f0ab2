using System.Globalization;
using System.Text.RegularExpressions;

namespace Replicate.Client.Waiting;

/// <summary>
/// Where a running prediction or training is: its status and, when the model prints a progress bar (Cog's tqdm
/// lines in the logs, e.g. <c> 45%|████▌     | 9/20</c>), the percentage and step counts of the last one.
/// </summary>
public sealed partial record ReplicateProgress(string Status, int? Percent, long? Current, long? Total)
{
    [GeneratedRegex(@"^\s*(\d+)%\s*\|.+?\|\s*(\d+)/(\d+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ProgressLine();

    /// <summary>Reads the last progress line of <paramref name="logs"/>.</summary>
    public static ReplicateProgress From(string status, string? logs)
    {
        if (string.IsNullOrEmpty(logs))
        {
            return new ReplicateProgress(status, null, null, null);
        }

        Match? last = null;
        foreach (Match match in ProgressLine().Matches(logs))
        {
            last = match;
        }

        return last is null
            ? new ReplicateProgress(status, null, null, null)
            : new ReplicateProgress(
                status,
                int.Parse(last.Groups[1].Value, CultureInfo.InvariantCulture),
                long.Parse(last.Groups[2].Value, CultureInfo.InvariantCulture),
                long.Parse(last.Groups[3].Value, CultureInfo.InvariantCulture));
    }
}
