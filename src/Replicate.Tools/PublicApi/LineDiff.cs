using System.Globalization;
using System.Text;

namespace Replicate.Tools.PublicApi;

/// <summary>A unified diff of two texts, line by line (longest common subsequence after trimming the common ends).</summary>
internal static class LineDiff
{
    private const int Context = 3;

    /// <summary>The unified diff, or an empty string when the texts have the same lines.</summary>
    public static string Unified(string oldText, string newText, string oldName, string newName)
    {
        var a = Lines(oldText);
        var b = Lines(newText);
        var edits = Edits(a, b);
        if (edits.All(e => e.Kind == ' '))
        {
            return "";
        }

        var output = new StringBuilder();
        output.Append("--- ").Append(oldName).Append('\n').Append("+++ ").Append(newName).Append('\n');
        var i = 0;
        while (i < edits.Count)
        {
            var firstChange = edits.FindIndex(i, e => e.Kind != ' ');
            if (firstChange < 0)
            {
                break;
            }

            // A hunk runs until more than 2 × context unchanged lines follow its last change.
            var start = Math.Max(i, firstChange - Context);
            var end = firstChange;
            for (var j = firstChange; j < edits.Count; j++)
            {
                if (edits[j].Kind != ' ')
                {
                    end = j;
                }
                else if (j - end > 2 * Context)
                {
                    break;
                }
            }

            var stop = Math.Min(edits.Count, end + Context + 1);
            var hunk = edits.GetRange(start, stop - start);
            output.Append(CultureInfo.InvariantCulture, $"@@ -{hunk[0].OldLine + 1},{hunk.Count(e => e.Kind != '+')} +{hunk[0].NewLine + 1},{hunk.Count(e => e.Kind != '-')} @@\n");
            foreach (var edit in hunk)
            {
                output.Append(edit.Kind).Append(edit.Text).Append('\n');
            }

            i = stop;
        }

        return output.ToString();
    }

    private sealed record Edit(char Kind, string Text, int OldLine, int NewLine);

    private static string[] Lines(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        return lines.Length > 0 && lines[^1].Length == 0 ? lines[..^1] : lines;
    }

    private static List<Edit> Edits(string[] a, string[] b)
    {
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }

        var n = a.Length - prefix - suffix;
        var m = b.Length - prefix - suffix;
        var lcs = new int[n + 1, m + 1];
        for (var x = n - 1; x >= 0; x--)
        {
            for (var y = m - 1; y >= 0; y--)
            {
                lcs[x, y] = a[prefix + x] == b[prefix + y] ? lcs[x + 1, y + 1] + 1 : Math.Max(lcs[x + 1, y], lcs[x, y + 1]);
            }
        }

        var edits = new List<Edit>();
        for (var k = 0; k < prefix; k++)
        {
            edits.Add(new Edit(' ', a[k], k, k));
        }

        int oi = 0, ni = 0;
        while (oi < n || ni < m)
        {
            if (oi < n && ni < m && a[prefix + oi] == b[prefix + ni])
            {
                edits.Add(new Edit(' ', a[prefix + oi], prefix + oi, prefix + ni));
                oi++;
                ni++;
            }
            else if (oi < n && (ni == m || lcs[oi + 1, ni] >= lcs[oi, ni + 1]))
            {
                edits.Add(new Edit('-', a[prefix + oi], prefix + oi, prefix + ni));
                oi++;
            }
            else
            {
                edits.Add(new Edit('+', b[prefix + ni], prefix + oi, prefix + ni));
                ni++;
            }
        }

        for (var k = 0; k < suffix; k++)
        {
            edits.Add(new Edit(' ', a[a.Length - suffix + k], a.Length - suffix + k, b.Length - suffix + k));
        }

        return edits;
    }
}
