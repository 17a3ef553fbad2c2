namespace TypedAmqp.Amqp091;

/// <summary>Whether the broker keeps a message on disk (the delivery-mode property).</summary>
public enum DeliveryMode : byte
{
    /// <summary>Kept in memory only.</summary>
    Transient = 1,
    /// <summary>Written to disk when the queue is durable.</summary>
    Persistent = 2,
}
