using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using TypedAmqp.Amqp091;

namespace TypedAmqp.Tests.Support;

/// <summary>Keeps every formatted log line (with its exception) so tests can check what the runtime logs.</summary>
internal sealed class RecordingLogger : ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
}
