using Microsoft.Extensions.Logging;
using TypedAmqp.Amqp091;
using TypedAmqp.Fuzzing.Engine;

namespace TypedAmqp.Fuzzing.Targets;

/// <summary>
/// What the connection target sees of the runtime from the outside while an input runs: its log (every exception it
/// logs, also those it caught in a background loop, must be one of its own), the consumer's handler and the
/// connection's and channel's events. Whatever breaks a rule is kept and reported as a crash at the end of the input.
/// </summary>
internal sealed class RuntimeObserver : ILogger
{
    private readonly Lock _gate = new();
    private readonly List<string> _problems = [];

    public int Deliveries { get; private set; }

    public void Report(string problem)
    {
        lock (_gate) _problems.Add(problem);
    }

    public void ThrowIfAnyProblem()
    {
        lock (_gate)
        {
            if (_problems.Count > 0) throw new FuzzOracleException(string.Join(Environment.NewLine, _problems));
        }
    }

    /// <summary>The consumer's handler: reads everything a handler can read, and acknowledges.</summary>
    public async ValueTask HandleAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            Deliveries++;
            PropertiesProbe.Exercise(delivery.Properties, new DecodeTrace());
            _ = delivery.Body.Length + delivery.Exchange.Length + delivery.RoutingKey.Length;
            await delivery.AckAsync(cancellationToken);
        }
        catch (Exception ex) when (ExpectedFailures.IsDocumented(ex) || ex is OperationCanceledException)
        {
            // The channel closed under the handler, or a property was malformed: both documented.
        }
        catch (Exception ex)
        {
            Report($"The consumer's handler saw {ex}");
        }
    }

    public void OnReturned(object? sender, ReturnedMessage returned)
    {
        try
        {
            _ = returned.ReplyText.Length + returned.Exchange.Length + returned.RoutingKey.Length + returned.Body.Length;
            _ = returned.Properties.Headers?.Count;
        }
        catch (Exception ex)
        {
            Report($"The MessageReturned handler saw {ex}");
        }
    }

    void ILogger.Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (exception is null || ExpectedFailures.IsDocumented(exception)) return;

        // "Connection lost" after the broker's stream ended is how the runtime reports a closed socket.
        if (exception is EndOfStreamException) return;
        Report($"The runtime logged '{formatter(state, exception)}' with {exception}");
    }

    bool ILogger.IsEnabled(LogLevel logLevel) => true;

    IDisposable? ILogger.BeginScope<TState>(TState state) => null;
}
