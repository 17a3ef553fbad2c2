using System.IO.Pipelines;

namespace TypedAmqp.Amqp091;

/// <summary>
/// Where the code awaiting the received bytes (the connection's read loop) continues: on the thread pool until
/// <see cref="ReaderBatch"/> is set, then right on the thread that reads the socket and flushed the bytes, the one that
/// owns that batch (see <see cref="SocketTransport.ContinueReadsOnReaderThread"/>). Any other thread that schedules it (one
/// cancelling the read, say) hands it to the pool: the read loop must never continue on a thread that is not the reader.
/// </summary>
internal sealed class ReadLoopScheduler : PipeScheduler
{
    private volatile OutgoingBatch? _readerBatch;

    /// <summary>The reader's batch: what the read loop (and the handlers run after it) appends is held in it.</summary>
    public OutgoingBatch? ReaderBatch
    {
        get => _readerBatch;
        set => _readerBatch = value;
    }

    public override void Schedule(Action<object?> action, object? state)
    {
        if (_readerBatch is { IsOwnedHere: true }) action(state);
        else System.Threading.ThreadPool.UnsafeQueueUserWorkItem(action, state, preferLocal: false);
    }
}
