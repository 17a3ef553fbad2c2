namespace TypedAmqp.Messaging;

/// <summary>A subscription an <see cref="IMessagingTransport"/> keeps running across connection losses.</summary>
public interface IRecoveringSubscription : IMessageSubscription
{
    /// <summary>Whether the broker has a consumer registered for it now.</summary>
    SubscriptionState State { get; }

    /// <summary>Why its last start failed or its consumer stopped, or null.</summary>
    Exception? LastError { get; }
}
