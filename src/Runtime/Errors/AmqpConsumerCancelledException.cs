namespace TypedAmqp;

/// <summary>
/// The broker cancelled a consumer (a consumer cancel notification), for example because its queue was deleted.
/// The channel stays open; consume again to go on.
/// </summary>
public class AmqpConsumerCancelledException : AmqpException
{
    /// <summary>Creates the exception for the cancelled consumer.</summary>
    public AmqpConsumerCancelledException(string consumerTag, string queue)
        : base($"The broker cancelled consumer '{consumerTag}' on queue '{queue}' (was the queue deleted?).")
    {
        ConsumerTag = consumerTag;
        Queue = queue;
    }

    /// <summary>The tag of the cancelled consumer.</summary>
    public string ConsumerTag { get; }

    /// <summary>The queue it consumed from.</summary>
    public string Queue { get; }
}
