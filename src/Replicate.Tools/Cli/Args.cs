namespace Replicate.Tools.Cli;

/// <summary>Bad command-line usage: exit code 2 with the message.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>
/// A small <c>--name value</c> parser. Hand-written: System.CommandLine is not on the package mirror here, and
/// the tool's grammar (verb, sub-verb, named options) needs nothing more.
/// </summary>
internal sealed class Args
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public Args(IEnumerable<string> arguments, IReadOnlySet<string> flags)
    {
        var list = arguments.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var arg = list[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                Positional.Add(arg);
                continue;
            }

            var name = arg[2..];
            string? value = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (!flags.Contains(name))
            {
                if (i + 1 >= list.Count || list[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new UsageException($"--{name} needs a value");
                }

                value = list[++i];
            }

            if (!_options.TryAdd(name, value))
            {
                throw new UsageException($"--{name} is given twice");
            }
        }
    }

    public List<string> Positional { get; } = [];

    public string? Get(string name)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out var value) ? value : null;
    }

    public string Require(string name) => Get(name) ?? throw new UsageException($"--{name} is required");

    public bool Flag(string name)
    {
        _read.Add(name);
        return _options.ContainsKey(name);
    }

    /// <summary>Fails on options the command did not read (typos must not be ignored silently).</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"unknown option{(unknown.Count > 1 ? "s" : "")}: {string.Join(", ", unknown.Select(u => "--" + u))}");
        }
    }
}
