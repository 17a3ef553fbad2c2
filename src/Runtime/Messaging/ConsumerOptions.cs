namespace TypedAmqp;

/// <summary>Settings of one consumer (basic.consume).</summary>
public sealed class ConsumerOptions
{
    /// <summary>The consumer tag; the broker generates one when null.</summary>
    public string? ConsumerTag { get; set; }

    /// <summary>When true the broker considers messages acknowledged on delivery (no-ack): faster, but a crash loses them.</summary>
    public bool AutoAck { get; set; }

    /// <summary>Request exclusive access to the queue.</summary>
    public bool Exclusive { get; set; }

    /// <summary>Consumer arguments, such as x-priority or x-stream-offset.</summary>
    public IReadOnlyDictionary<string, object?>? Arguments { get; set; }

    /// <summary>
    /// For a handler consumer: how many deliveries the handler may process at once. 1 keeps the order of the queue.
    /// Set the channel's prefetch (<see cref="AmqpChannel.BasicQosAsync"/>) at least this high.
    /// </summary>
    public int Concurrency { get; set; } = 1;
}
