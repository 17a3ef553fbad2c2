using Microsoft.Extensions.Logging;
using TypedAmqp.Buffers;

namespace TypedAmqp.Amqp091;

/// <summary>
/// One thread per connection that runs the continuation of an awaited publish confirm or request reply, when it is
/// free. The completing thread (usually the reader) never runs application code itself, so without this thread each
/// such continuation goes to the thread pool; a pool worker that picks up work wakes a second worker in case more
/// follows, which costs three to four context switches per hand-off, against one to wake this thread.
/// </summary>
/// <remarks>
/// The thread takes one completion at a time and nothing queues behind it: while it runs one (say a continuation that
/// blocks), <see cref="TryRun"/> refuses, and the caller completes on the thread pool as before. So a slow or blocking
/// continuation costs others nothing but the cheaper path. The thread starts on the first hand-off, so a connection
/// that never awaits a confirm or a reply does not pay for it.
/// <para>
/// What a continuation sends (a pipelining publisher's next publishes, a requester's next request) is held in the
/// thread's <see cref="OutgoingBatch"/> while it runs and written when it returns or waits, in one write on this
/// thread, instead of waking the writer's thread for each frame.
/// </para>
/// </remarks>
internal sealed class ContinuationThread : ConnectionThread, IContinuationRunner
{
    private readonly ILogger _logger;
    private IThreadPoolWorkItem? _next;
    private int _busy; // 1 from a successful TryRun until that completion has run
    private volatile bool _stopped;

    /// <param name="logger">Where a continuation that throws is reported.</param>
    /// <param name="writer">
    /// The connection's writer: what a continuation sends is held while it runs and leaves in one write when it returns
    /// (see <see cref="OutgoingBatchKind.Continuations"/>).
    /// </param>
    public ContinuationThread(ILogger logger, ConnectionWriter? writer = null)
        : base("TypedAmqp continuations", writer is null ? null : new OutgoingBatch(writer, OutgoingBatchKind.Continuations))
    {
        _logger = logger;
    }

    /// <summary>Whether the thread has taken a completion and not yet finished running it (so it refuses hand-offs).</summary>
    internal bool IsBusy => Volatile.Read(ref _busy) == 1;

    /// <summary>
    /// Hands <paramref name="completion"/> to the thread, which runs its <see cref="IThreadPoolWorkItem.Execute"/>.
    /// False when the thread is busy or stopped: the caller then completes it with continuations on the thread pool.
    /// </summary>
    public bool TryRun(IThreadPoolWorkItem completion)
    {
        if (_stopped || Interlocked.CompareExchange(ref _busy, 1, 0) != 0) return false;
        Interlocked.Exchange(ref _next, completion); // a full fence, so the check of _stopped below sees a Stop the thread saw
        if (_stopped && Interlocked.CompareExchange(ref _next, null, completion) == completion)
        {
            // Stopped meanwhile, and the thread may have ended without seeing it: take it back for the pool.
            Volatile.Write(ref _busy, 0);
            return false;
        }

        StartOnce();
        Wake.Set();
        return true;
    }

    /// <summary>Lets the thread end once it has run what it was handed; later hand-offs are refused.</summary>
    public void Stop()
    {
        _stopped = true;
        Wake.Set();
    }

    protected override void Run()
    {
        while (true)
        {
            Wake.Wait();
            if (Interlocked.Exchange(ref _next, null) is { } completion)
            {
                try
                {
                    completion.Execute();
                }
                catch (Exception ex)
                {
                    // A continuation is an async method's or an awaiter's callback, which do not throw; anything else
                    // that does must not end the thread, nor take the process down as it would on the pool.
                    Log.ContinuationFailed(_logger, ex);
                }

                SendHeld();

                Volatile.Write(ref _busy, 0);
            }

            if (_stopped && Volatile.Read(ref _next) is null) return;
        }
    }
}
