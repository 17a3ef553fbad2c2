
namespace TypedAmqp.Messaging;

/// <summary>One step of recovery, as reported by <see cref="Amqp091.RecoveringMessaging.RecoveryEvent"/>.</summary>
public sealed class RecoveryEventArgs : EventArgs
{
    internal RecoveryEventArgs(RecoveryEventKind kind, int attempt, TimeSpan delay, CloseReason? reason, Exception? error, IMessageSubscription? subscription)
    {
        Kind = kind;
        Attempt = attempt;
        Delay = delay;
        Reason = reason;
        Error = error;
        Subscription = subscription;
    }

    /// <summary>What happened.</summary>
    public RecoveryEventKind Kind { get; }

    /// <summary>The reconnection attempt (1 for the first) of this outage, or of the subscription's retries; 0 for <see cref="RecoveryEventKind.ConnectionLost"/>.</summary>
    public int Attempt { get; }

    /// <summary>For <see cref="RecoveryEventKind.Attempt"/>: the wait before it.</summary>
    public TimeSpan Delay { get; }

    /// <summary>For <see cref="RecoveryEventKind.ConnectionLost"/>: why the connection closed.</summary>
    public CloseReason? Reason { get; }

    /// <summary>For the failures: what went wrong.</summary>
    public Exception? Error { get; }

    /// <summary>For the subscription events: the consumer concerned.</summary>
    public IMessageSubscription? Subscription { get; }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        RecoveryEventKind.ConnectionLost => $"connection lost: {Reason}",
        RecoveryEventKind.Attempt => $"attempt {Attempt} after {Delay.TotalMilliseconds:0} ms",
        RecoveryEventKind.AttemptFailed => $"attempt {Attempt} failed: {Error?.Message}",
        RecoveryEventKind.Recovered => $"recovered after {Attempt} attempt(s)",
        RecoveryEventKind.SubscriptionFailed => $"consumer of '{Subscription?.Queue}' failed (attempt {Attempt}): {Error?.Message}",
        _ => $"consumer of '{Subscription?.Queue}' running again",
    };
}
