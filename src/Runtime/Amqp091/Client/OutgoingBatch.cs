namespace TypedAmqp.Amqp091;

/// <summary>Which of a connection's threads an <see cref="OutgoingBatch"/> belongs to; that decides what it holds and how it sends.</summary>
internal enum OutgoingBatchKind
{
    /// <summary>
    /// The thread reading the socket (<see cref="SocketTransport"/>): holds every frame the read's dispatch and the
    /// handlers run on it append, and sends them when the read is handled. It must never wait for the socket: it
    /// writes them itself only when they are few and the socket has room, and never writes other frames itself.
    /// </summary>
    Reader,

    /// <summary>
    /// The connection's <see cref="ContinuationThread"/>: holds every frame a continuation appends, and sends them when
    /// the continuation returns or waits. It may block in that write, as any publisher's thread may.
    /// </summary>
    Continuations,

    /// <summary>
    /// A consumer's <see cref="ConsumerHandlerThread"/>: holds only acknowledgements (nothing waits for one), and sends
    /// them when the thread runs out of deliveries, when they are a millisecond old or half the prefetch window, or
    /// before a handler waits. Like the reader, it writes what it held itself only when that is small and the socket
    /// has room.
    /// </summary>
    HandlerAcknowledgements,
}

/// <summary>
/// The frames one of the connection's own code-running threads (the reader, the continuation thread, a consumer's
/// handler thread) appends while it runs a piece of work, held in the writer's pending batch and sent together when
/// the work ends: one write, or one wake of the writer's thread, per read, per continuation, per run of handlers,
/// instead of one per frame.
/// </summary>
/// <remarks>
/// The thread loop that runs the code owns its batch, binds it to itself (<see cref="BindToThisThread"/>) and ends
/// it with <see cref="ConnectionWriter.Send(OutgoingBatch)"/> at a point of its own. Whether a frame is held is
/// decided by the batch of the thread appending it (<see cref="Current"/>) and its <see cref="Kind"/>, nothing else.
/// Every hold has one upper bound besides: frames held for <see cref="ConnectionWriter.DefaultMaxHoldTime"/> leave by
/// the writer's thread (a holder whose code blocks cannot send them), and a batch is sent before its thread waits on
/// anything the connection completes (<see cref="SendBeforeWaiting"/>), so code that waits for the outcome of what it
/// just sent never waits for that bound.
/// </remarks>
internal sealed class OutgoingBatch
{
    // The one record of which connection thread this is: each such thread sets it once (the reader on each thread
    // that takes reading over). The hold state itself lives in the batch, not in the thread.
    [ThreadStatic] private static OutgoingBatch? t_current;

    private int _ownerThreadId;

    public OutgoingBatch(ConnectionWriter writer, OutgoingBatchKind kind)
    {
        Writer = writer;
        Kind = kind;
    }

    /// <summary>The batch of the connection thread running now, or null on any other thread (the pool, the application's).</summary>
    public static OutgoingBatch? Current => t_current;

    /// <summary>Whether the running thread reads some connection's socket, so it must never wait to write.</summary>
    public static bool OnReaderThread => t_current is { Kind: OutgoingBatchKind.Reader };

    public ConnectionWriter Writer { get; }

    public OutgoingBatchKind Kind { get; }

    /// <summary>
    /// How many frames this batch appended and has not sent itself (some may have left with other threads' frames).
    /// Written under the writer's lock; read without it only by the owning thread.
    /// </summary>
    internal int Held { get; set; }

    /// <summary>Whether the running thread owns this batch (a reader thread that was handed on no longer does).</summary>
    public bool IsOwnedHere => t_current == this && Volatile.Read(ref _ownerThreadId) == Environment.CurrentManagedThreadId;

    /// <summary>
    /// Whether this batch holds a frame of that sort. Every frame for the reader and the continuation thread; only
    /// acknowledgements for a handler thread.
    /// </summary>
    public bool Holds(bool acknowledgement) => acknowledgement || Kind != OutgoingBatchKind.HandlerAcknowledgements;

    /// <summary>
    /// Whether sending what the batch held may block in the socket write. Only the continuation thread may; the reader
    /// and handler threads write only a few kilobytes into a socket that has room, and leave more to the writer's thread.
    /// </summary>
    public bool MayWaitForSocket => Kind == OutgoingBatchKind.Continuations;

    /// <summary>
    /// On the thread that runs this batch's work: from now on what the thread appends is held by this batch. Another
    /// thread that owned it (a reader thread stuck in a handler) stops holding: the writer's lock orders the hand-over
    /// with that thread's appends, so none of them is left held with nobody to send it.
    /// </summary>
    public void BindToThisThread()
    {
        if (IsOwnedHere) return;
        Writer.TakeOver(this, Environment.CurrentManagedThreadId);
        t_current = this;
    }

    /// <summary>Under the writer's lock: the thread that holds for this batch from now on.</summary>
    internal void SetOwner(int managedThreadId) => Volatile.Write(ref _ownerThreadId, managedThreadId);

    /// <summary>The running thread stops being a connection thread (a reader thread that stops reading).</summary>
    public static void UnbindThisThread() => t_current = null;

    /// <summary>
    /// Called just before the running thread waits for something the connection completes (a confirm, a reply, room):
    /// sends what its batch holds, since that may be what it waits for. A continuation that blocks on the confirm of
    /// the publish it just made, or a handler that waits for its reply, therefore never waits for the hold timer.
    /// </summary>
    public static void SendBeforeWaiting()
    {
        if (t_current is { Held: > 0 } batch && batch.IsOwnedHere) batch.Writer.Send(batch);
    }
}
