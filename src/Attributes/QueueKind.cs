namespace TypedAmqp;

/// <summary>RabbitMQ's queue types (the x-queue-type argument).</summary>
public enum QueueKind
{
    /// <summary>A classic queue.</summary>
    Classic,
    /// <summary>A replicated quorum queue: durable, never exclusive or auto-delete, no priorities.</summary>
    Quorum,
    /// <summary>An append-only stream.</summary>
    Stream,
}
