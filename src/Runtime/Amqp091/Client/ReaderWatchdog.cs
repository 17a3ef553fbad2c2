namespace TypedAmqp.Amqp091;

/// <summary>
/// Watches the thread that reads the connection's socket while it runs consumers' handlers (handlers run on the
/// reader thread, see <see cref="ConsumerOptions.RunHandlerOnReaderThread"/>). When one run of handlers is still going
/// on two ticks in a row, the run is <em>handed on</em>: the callback gives reading to another thread, and the stuck
/// thread, once its handler returns, learns from <see cref="EndRun"/> that it no longer reads. A handler that blocks
/// (sleeps, waits synchronously for a reply on this same connection) then holds up its own consumer only, for one to
/// two ticks at most: never the connection's other consumers, confirms and replies, and never forever.
/// </summary>
/// <remarks>
/// The reader pays two interlocked operations per run. The timer ticks only while runs keep starting: a tick that
/// finds no new run and none under way stops it, and the next run starts it again.
/// </remarks>
internal sealed class ReaderWatchdog : IDisposable
{
    /// <summary>
    /// How often the watchdog looks. A blocked handler is noticed after one to two ticks. Not much shorter: each tick
    /// is a thread-pool wake while messages flow, which is CPU the messages pay for.
    /// </summary>
    public static readonly TimeSpan DefaultTick = TimeSpan.FromMilliseconds(10);

    private const long NoRun = 0;
    private const long HandedOnRun = -1;

    private readonly Action<object?> _handOn;
    private readonly TimeSpan _tick;
    private readonly Timer _timer;
    private long _runsStarted;
    private long _runUnderWay; // the number of the run going on, NoRun, or HandedOnRun until the next run starts
    private object? _runState; // what BeginRun was given for the run under way
    private int _ticking; // 1 while the timer is armed
    private long _runUnderWayAtLastTick; // timer callback only
    private long _runsStartedAtLastTick; // timer callback only
    private volatile bool _disposed;

    /// <param name="handOn">
    /// Gives reading to another thread; called on a timer thread, with the stuck run's state, at most once per run.
    /// </param>
    /// <param name="tick">How often to look; <see cref="DefaultTick"/> unless a test needs another.</param>
    public ReaderWatchdog(Action<object?> handOn, TimeSpan? tick = null)
    {
        _handOn = handOn;
        _tick = tick ?? DefaultTick;

        // The callback must not carry the reader's execution context for the connection's life.
        using (ExecutionContext.SuppressFlow())
        {
            _timer = new Timer(static state => ((ReaderWatchdog)state!).OnTick(), this, Timeout.Infinite, Timeout.Infinite);
        }
    }

    /// <summary>
    /// The reader is about to run handlers. <paramref name="state"/> goes to the hand-on callback if the run is
    /// handed on. Returns the run's number for <see cref="EndRun"/> and <see cref="IsStillReading"/>.
    /// </summary>
    public long BeginRun(object? state)
    {
        long run = Interlocked.Increment(ref _runsStarted);
        _runState = state;
        Volatile.Write(ref _runUnderWay, run); // publishes _runState to the timer with it
        if (Volatile.Read(ref _ticking) == 0) StartTicking();
        return run;
    }

    /// <summary>Whether <paramref name="run"/> is still the reader's (not handed on).</summary>
    public bool IsStillReading(long run) => Volatile.Read(ref _runUnderWay) == run;

    /// <summary>
    /// The run is over. True when the thread is still the reader; false when the run was handed on, in which case
    /// another thread reads now and this one must not touch the socket or the read loop's state again.
    /// </summary>
    public bool EndRun(long run)
    {
        if (Interlocked.CompareExchange(ref _runUnderWay, NoRun, run) != run) return false;
        _runState = null;
        return true;
    }

    public void Dispose()
    {
        _disposed = true;
        _timer.Dispose();
    }

    private void StartTicking()
    {
        if (Interlocked.CompareExchange(ref _ticking, 1, 0) != 0) return;
        try
        {
            _timer.Change(_tick, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The connection is closing.
        }
    }

    private void OnTick()
    {
        if (_disposed) return;
        long run = Volatile.Read(ref _runUnderWay);
        if (run > 0 && run == _runUnderWayAtLastTick)
        {
            object? state = _runState;
            if (Interlocked.CompareExchange(ref _runUnderWay, HandedOnRun, run) == run) _handOn(state);
        }

        _runUnderWayAtLastTick = run;
        long started = Volatile.Read(ref _runsStarted);
        bool idle = started == _runsStartedAtLastTick && run <= 0;
        _runsStartedAtLastTick = started;
        if (idle)
        {
            // Stop, unless a run began meanwhile and saw the timer still ticking (each side's interlocked write comes
            // before its read of the other's, so at least one of them sees the other).
            Interlocked.Exchange(ref _ticking, 0);
            if (Volatile.Read(ref _runsStarted) == started) return;
            if (Interlocked.CompareExchange(ref _ticking, 1, 0) != 0) return;
        }

        try
        {
            _timer.Change(_tick, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The connection is closing.
        }
    }
}
