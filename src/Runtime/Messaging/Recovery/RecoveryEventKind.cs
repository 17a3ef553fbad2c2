
namespace TypedAmqp.Messaging;

/// <summary>What happened in <see cref="Amqp091.RecoveringMessaging"/>'s recovery (see <see cref="Amqp091.RecoveringMessaging.RecoveryEvent"/>).</summary>
public enum RecoveryEventKind
{
    /// <summary>The connection was lost; recovery begins.</summary>
    ConnectionLost,

    /// <summary>A reconnection attempt is about to be made, after <see cref="RecoveryEventArgs.Delay"/>.</summary>
    Attempt,

    /// <summary>A reconnection attempt failed (<see cref="RecoveryEventArgs.Error"/> says why); another follows.</summary>
    AttemptFailed,

    /// <summary>Connected again, with the recorded topology declared; consumers are being started again.</summary>
    Recovered,

    /// <summary>A consumer could not be started again, or the broker stopped it (<see cref="RecoveryEventArgs.Error"/>); it is retried.</summary>
    SubscriptionFailed,

    /// <summary>A consumer runs again after a loss or a failure.</summary>
    SubscriptionRecovered,
}
