namespace TypedAmqp.Amqp091;

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
    /// For a handler consumer: how many deliveries the handler may process at once. 1 (the default) keeps the order of
    /// the queue and runs the handler on the connection's reader thread (see <see cref="RunHandlerOnReaderThread"/>),
    /// or on a thread of the consumer's own. Above 1, the handlers run on the thread pool. Set the channel's prefetch
    /// (<see cref="AmqpChannel.BasicQosAsync"/>) at least this high.
    /// </summary>
    public int Concurrency { get; set; } = 1;

    /// <summary>
    /// For a handler consumer with <see cref="Concurrency"/> 1. True (the default): the handler runs on the thread that
    /// reads the connection's socket as soon as a socket read's deliveries are decoded. That saves waking another
    /// thread per read — on a small machine most of the client's CPU per message. While a handler runs synchronously
    /// nothing else on the connection is read (other consumers, confirms, replies), so a watchdog looks every 10 ms: a
    /// handler still running after one to two looks has reading handed to another thread, and its own later
    /// deliveries wait for it, in order. A handler that blocks (<c>.Result</c>, <c>Wait()</c>, slow work) therefore
    /// delays the rest of the connection by 20 ms at most and cannot deadlock it. A handler that awaits something
    /// unfinished is fine: the consumer's later deliveries wait for it, in order, on the thread pool, and go back to
    /// the reader thread once it has caught up. Acknowledgements sent there leave at the end of each socket read.
    /// Over an in-memory transport (tests) there is no watchdog.
    /// <para>
    /// False: the handler runs on a thread of the consumer's own, named "TypedAmqp handler", which a handler that
    /// blocks holds up alone, from the start. Its acknowledgements are written together, a millisecond after the first
    /// at most (the thread waits that long for more deliveries before it sends them), as soon as they reach half the
    /// prefetch window, or before the thread waits for a handler that awaits; one sent from a handler that then blocks
    /// leaves when that handler returns. Choose it for handlers that mostly block or work long.
    /// </para>
    /// </summary>
    public bool RunHandlerOnReaderThread { get; set; } = true;
}
