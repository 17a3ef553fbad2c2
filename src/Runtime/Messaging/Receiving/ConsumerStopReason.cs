namespace TypedAmqp.Messaging;

/// <summary>Why a consumer stopped receiving messages.</summary>
public enum ConsumerStopReason
{
    /// <summary>The application cancelled it (basic.cancel from the client).</summary>
    CancelledByClient,
    /// <summary>The broker cancelled it, for example because its queue was deleted (consumer cancel notification).</summary>
    CancelledByBroker,
    /// <summary>Its channel or connection closed.</summary>
    ChannelClosed,
}
