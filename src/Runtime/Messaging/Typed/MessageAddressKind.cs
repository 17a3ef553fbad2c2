namespace TypedAmqp.Messaging;

/// <summary>The forms a <see cref="MessageAddress"/> takes.</summary>
public enum MessageAddressKind
{
    /// <summary>No address (the default value).</summary>
    None,

    /// <summary>An exchange with a routing key.</summary>
    Exchange,

    /// <summary>A queue.</summary>
    Queue,

    /// <summary>A bare AMQP 1.0 address.</summary>
    Amqp10,
}
