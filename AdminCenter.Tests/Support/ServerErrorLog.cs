using Microsoft.Extensions.Logging;

namespace AdminCenter.Tests.Support;

/// <summary>
/// Every error the apps under test log, appended to TestResults/server-errors.log with its exception, so a failed
/// response in CI (a 500) comes with its cause (.ci/run prints the file when a test fails).
/// </summary>
public sealed class ServerErrorLog : ILoggerProvider
{
    private static readonly object Gate = new();

    public static string FilePath { get; } = Path.Combine(Path.GetDirectoryName(BrowserFixture.ScreenshotFolder)!, "server-errors.log");

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var entry = $"{DateTime.UtcNow:O} {logLevel} {category}: {formatter(state, exception)}{Environment.NewLine}{exception}{Environment.NewLine}";
            lock (Gate)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
                File.AppendAllText(FilePath, entry);
            }
        }
    }
}
