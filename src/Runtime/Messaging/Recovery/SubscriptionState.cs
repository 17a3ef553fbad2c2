
namespace TypedAmqp.Messaging;

/// <summary>Whether a <see cref="Amqp091.RecoveringSubscription"/>'s consumer is registered with the broker.</summary>
public enum SubscriptionState
{
    /// <summary>The broker confirmed the consumer (basic.consume-ok) on the current connection.</summary>
    Running,

    /// <summary>
    /// Not consuming, and being started again: its connection is being recovered, or starting it failed or the broker
    /// cancelled it (<see cref="Amqp091.RecoveringSubscription.LastError"/> says why).
    /// </summary>
    Recovering,

    /// <summary>Stopped for good: cancelled by the application, or lost with recovery off (<see cref="Amqp091.RecoveringSubscription.Stopped"/> says why).</summary>
    Stopped,
}
