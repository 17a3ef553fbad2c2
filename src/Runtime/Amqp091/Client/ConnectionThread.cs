using TypedAmqp.Buffers;

namespace TypedAmqp.Amqp091;

/// <summary>
/// A thread of the connection's own that runs application code off the reader: the <see cref="ContinuationThread"/>
/// and each consumer's <see cref="ConsumerHandlerThread"/>. It is started once, carries no caller's execution
/// context, sleeps on <see cref="Wake"/>, and holds what the code it runs appends in its <see cref="OutgoingBatch"/>
/// until a piece of work ends (<see cref="SendHeld"/>); what its kind of batch holds is the batch's to say.
/// </summary>
internal abstract class ConnectionThread
{
    private readonly string _name;
    private int _started;

    /// <param name="name">The thread's name, which profilers and <c>--threads</c> in the benchmarks show.</param>
    /// <param name="batch">What the thread's code appends is held in it; none sends every frame at once.</param>
    protected ConnectionThread(string name, OutgoingBatch? batch)
    {
        _name = name;
        Batch = batch;
    }

    /// <summary>The frames this thread's code appended and has not sent, or null when it holds none.</summary>
    protected OutgoingBatch? Batch { get; }

    /// <summary>Wakes the thread's loop; a wake while it is busy is kept for its next wait.</summary>
    protected ThreadSignal Wake { get; } = new();

    /// <summary>Starts the thread the first time; later calls do nothing.</summary>
    protected void StartOnce()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) return;

        // UnsafeStart: the thread must not carry the starting code's execution context (its AsyncLocals, its
        // Activity) into every continuation or handler it runs.
        var thread = new Thread(RunBound) { IsBackground = true, Name = _name };
        thread.UnsafeStart();
    }

    /// <summary>The thread's loop, with its batch bound to it.</summary>
    protected abstract void Run();

    /// <summary>Ends a piece of work: sends what the thread's batch held, in one write or one wake of the writer.</summary>
    protected void SendHeld()
    {
        if (Batch is { } batch) batch.Writer.Send(batch);
    }

    private void RunBound()
    {
        Batch?.BindToThisThread();
        Run();
    }
}
