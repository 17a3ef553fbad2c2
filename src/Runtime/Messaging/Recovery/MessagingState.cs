
namespace TypedAmqp.Messaging;

/// <summary>Where a <see cref="Amqp091.RecoveringMessaging"/>'s connection stands.</summary>
public enum MessagingState
{
    /// <summary>Not connected yet.</summary>
    NotConnected,

    /// <summary>Connected, with the recorded topology declared.</summary>
    Connected,

    /// <summary>The connection was lost and is being re-established.</summary>
    Recovering,

    /// <summary>Closed by the application, or lost with recovery off.</summary>
    Closed,
}
