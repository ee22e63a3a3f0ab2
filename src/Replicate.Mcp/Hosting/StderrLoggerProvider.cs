using Microsoft.Extensions.Logging;
using Replicate.Mcp.Safety;

namespace Replicate.Mcp.Hosting;

/// <summary>
/// Log lines on standard error, one per entry, through the redactor: stdout carries only JSON-RPC. Hand-written because
/// the console logger package is not a dependency of the project (a few lines, synchronous, nothing to configure).
/// </summary>
internal sealed class StderrLoggerProvider(LogLevel minimum, Redactor redactor, TextWriter? output = null) : ILoggerProvider
{
    private readonly TextWriter _output = output ?? Console.Error;
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var line = redactor.Text($"replicate-mcp: {level.ToString().ToLowerInvariant()}: {category}: {message}{(exception is null ? string.Empty : " (" + exception.GetType().Name + ": " + exception.Message + ")")}");
        lock (_gate)
        {
            _output.WriteLine(line.ReplaceLineEndings(" "));
            _output.Flush();
        }
    }

    private sealed class Logger(StderrLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= provider.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, category, formatter(state, exception), exception);
            }
        }
    }

    private LogLevel MinimumLevel => minimum;
}
