namespace TypedAmqp.Amqp10;

/// <summary>How a source hands messages to the receiver (part 3 section 3.5.3, the source's distribution-mode).</summary>
public enum Amqp10DistributionMode
{
    /// <summary><c>move</c>: a message goes to one receiver and leaves the node (a queue's consumer).</summary>
    Move,

    /// <summary><c>copy</c>: the receiver gets a copy and the message stays for others (a browser). RabbitMQ 4 echoes it without applying it.</summary>
    Copy,
}
