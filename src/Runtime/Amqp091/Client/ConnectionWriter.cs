using System.Diagnostics;
using System.IO.Pipelines;
using TypedAmqp.Buffers;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Amqp091.Protocol.Methods;

namespace TypedAmqp.Amqp091;

/// <summary>
/// The connection's single writer: callers <em>append</em> whole frames to a pending batch under a short lock (a memory
/// copy), and whoever writes <em>swaps</em> that batch out and <em>writes</em> it to the transport's
/// <see cref="PipeWriter"/> (<see cref="WriteBatch"/>, the only way out). Usually the writer's own thread writes, so
/// callers never queue behind a socket write; they wait only when the pending batch is over <see cref="HighWatermark"/>
/// bytes, which is how TCP back-pressure (and RabbitMQ's connection.blocked) reaches publishers.
/// </summary>
/// <remarks>
/// Who writes is decided in one place (<see cref="ClaimWriteHere"/>): the appending thread itself when its frames
/// follow a pause and the socket has room (a lone frame then costs no wake), the owner of an <see cref="OutgoingBatch"/>
/// when it sends what it held and the socket has room, and the writer's thread otherwise. Whether frames are held at
/// all is decided by the <see cref="OutgoingBatch"/> of the thread appending them (the reader, the continuation
/// thread, a handler thread), never by the caller. Held frames have one upper bound: after
/// <see cref="DefaultMaxHoldTime"/> a timer wakes the writer's thread for them.
/// </remarks>
internal sealed class ConnectionWriter
{
    public const int HighWatermark = 256 * 1024;

    /// <summary>
    /// How long after the previous frames nobody held a caller's frames must come for the caller to write them itself:
    /// closer, they are part of a burst, which the writer's thread sends in batches.
    /// </summary>
    private static readonly TimeSpan IdleGap = TimeSpan.FromMicroseconds(50);

    /// <summary>
    /// The most a thread sending held frames (the reader thread, a handler thread) writes itself. A socket that polls
    /// writable has room for at least this much (Linux reports writable while a third of the send buffer is free, at
    /// least 4.5 KB), so the write returns at once.
    /// </summary>
    private const int HeldFramesWriteLimit = 4 * 1024;

    /// <summary>Frames held back (appended on the reader thread, or acknowledgements on a handler thread) wake the writer's thread at once past this.</summary>
    private const int HoldLimit = 64 * 1024;

    /// <summary>
    /// The longest frames stay held (by default) before a timer has the writer's thread send them: a holder that blocks (a handler
    /// doing slow synchronous work) cannot send them itself, and its acks would keep their messages unsettled. Not
    /// shorter: under a steady stream of holds the timer fires once per this period (a thread-pool wake each time),
    /// which at 10 ms showed as 0.07 more context switches per typed round trip.
    /// </summary>
    internal static readonly TimeSpan DefaultMaxHoldTime = TimeSpan.FromMilliseconds(50);

    private readonly Lock _gate;
    private readonly ThreadSignal _dataAvailable = new();
    private readonly ThreadSignal _flushed = new(); // an output that is not a socket finished a flush the writer waits for
    private readonly Action _signalFlushed;
    private readonly TaskCompletionSource _stoppedWriting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PipeWriter _output;
    private readonly BlockingStreamWriter? _socketOutput; // the same output when it is a socket: callers may write it
    private readonly Action<Exception> _onFailure;
    private readonly TimeSpan _maxHoldTime;
    private PooledBufferWriter _pending = new(16 * 1024);
    private PooledBufferWriter _draining = new(16 * 1024);
    private readonly WaiterQueue _capacityWaiters; // under _gate, its lock
    private Exception? _closed;
    private bool _completing;
    private bool _started;
    private bool _writing; // the writer's thread or a caller is writing to the output (guarded by _gate)

    private MultipleAcknowledgement _lastFrameAcknowledgement; // the last frame in _pending, when it is a multiple basic.ack
    private long _heldSince; // when _pending first got frames that are held (0: none held); guarded by _gate
    private Timer? _holdTimer; // sends held frames after _maxHoldTime; made on the first hold
    private bool _holdTimerArmed; // guarded by _gate

    private long _lastWriteTimestamp = Stopwatch.GetTimestamp();
    private long _lastUnheldAppend; // when frames nobody held were last appended (guarded by _gate)

    /// <param name="output">The transport's writer.</param>
    /// <param name="onFailure">Called with the exception when a write fails.</param>
    /// <param name="maxHoldTime">How long frames may stay held; <see cref="DefaultMaxHoldTime"/> unless a test needs another.</param>
    public ConnectionWriter(PipeWriter output, Action<Exception> onFailure, TimeSpan? maxHoldTime = null)
    {
        _output = output;
        _socketOutput = output as BlockingStreamWriter;
        _onFailure = onFailure;
        _maxHoldTime = maxHoldTime ?? DefaultMaxHoldTime;
        _signalFlushed = _flushed.Set;
        _capacityWaiters = new WaiterQueue();
        _gate = _capacityWaiters.Sync;
    }

    /// <summary>The size of the arrays the pending and draining batches hold (for tests: they must not stay large).</summary>
    internal int BufferCapacity
    {
        get
        {
            lock (_gate)
            {
                return _pending.Capacity + _draining.Capacity;
            }
        }
    }

    /// <summary>How long ago bytes last went to the transport (or the writer was made).</summary>
    public TimeSpan SinceLastWrite => Stopwatch.GetElapsedTime(Volatile.Read(ref _lastWriteTimestamp));

    /// <summary>Starts the writer's thread (writes may block on TCP back-pressure, so they do not run on the pool).</summary>
    public void Start()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "TypedAmqp writer" };
        _started = true;
        thread.Start();
    }

    /// <summary>
    /// Takes the lock for appending frames; dispose the scope to release it and send them (or leave them held, see
    /// <see cref="OutgoingBatch"/>). Throws the connection's close exception once the connection is closed.
    /// </summary>
    public WriteScope Acquire() => Acquire(FrameUse.Ordinary);

    /// <summary>
    /// <see cref="Acquire()"/> for an acknowledgement (basic.ack, nack, reject), which a consumer's handler thread
    /// holds too (see <see cref="OutgoingBatchKind.HandlerAcknowledgements"/>).
    /// </summary>
    public WriteScope AcquireForAcknowledgement() => Acquire(FrameUse.Acknowledgement);

    /// <summary>
    /// <see cref="Acquire()"/> for a method whose caller then waits for the broker's answer on a task of its own (a
    /// synchronous method, channel.close, connection.close): never held, since that wait does not pass through
    /// <see cref="OutgoingBatch.SendBeforeWaiting"/>, and a held request would wait for the hold timer.
    /// </summary>
    public WriteScope AcquireForAnswer() => Acquire(FrameUse.AnswerAwaited);

    private WriteScope Acquire(FrameUse use)
    {
        Lock.Scope scope = _gate.EnterScope();
        if (_closed is { } closed)
        {
            scope.Dispose();
            throw closed;
        }

        return new WriteScope(this, scope, use);
    }

    /// <summary>
    /// Completes at once unless the pending batch is over the high watermark; then when the writer next takes the batch,
    /// or fails with the close reason when the connection closes first. The wait allocates nothing: it uses a pooled
    /// waiter (see <see cref="WaiterQueue"/>). What this thread's <see cref="OutgoingBatch"/> holds leaves first.
    /// </summary>
    public ValueTask WaitForCapacityAsync(CancellationToken cancellationToken)
    {
        // Every publish and ack asks, so the common answer skips the lock; a stale read only delays back-pressure by one call.
        if (Volatile.Read(ref _pending).WrittenCount < HighWatermark) return default;
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);

        PooledWaiter waiter;
        lock (_gate)
        {
            if (_pending.WrittenCount < HighWatermark || _closed is not null) return default;
            waiter = _capacityWaiters.AddLocked();
        }

        // Room comes when what was appended is written: what this thread holds must not wait for the hold timer.
        OutgoingBatch.SendBeforeWaiting();
        return waiter.WaitAsync(cancellationToken);
    }

    /// <summary>Refuses further frames with <paramref name="reason"/>, and fails the waits for capacity with it.</summary>
    public void Close(Exception reason)
    {
        QueuedWait? waiters;
        Timer? holdTimer;
        lock (_gate)
        {
            _closed ??= reason;
            waiters = _capacityWaiters.TakeAllLocked();
            holdTimer = _holdTimer;
        }

        holdTimer?.Dispose();

        WaiterQueue.ReleaseAll(waiters, reason);
        _dataAvailable.Set();
    }

    /// <summary>Writes what is pending, then stops the loop and completes the transport's writer.</summary>
    public async ValueTask CompleteAsync()
    {
        Timer? holdTimer;
        lock (_gate)
        {
            _completing = true; // what is held is written now, with the rest
            holdTimer = _holdTimer;
        }

        holdTimer?.Dispose();
        _dataAvailable.Set();
        try
        {
            if (_started) await _stoppedWriting.Task.ConfigureAwait(false);
        }
        finally
        {
            await _output.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ends <paramref name="batch"/>'s piece of work, on its owning thread: sends the frames it held, in one write on
    /// this thread when the socket has room (and, unless the batch <see cref="OutgoingBatch.MayWaitForSocket"/>, they
    /// are few enough not to block), or else by waking the writer's thread. Either way once per piece of work, not per frame.
    /// </summary>
    public void Send(OutgoingBatch batch)
    {
        if (batch.Held == 0) return;
        bool writeHere;
        lock (_gate)
        {
            batch.Held = 0;

            // Already sent by someone else, or a write is under way: the writer's thread loops back for what is
            // pending, and a caller wakes it for what it leaves behind. Waking it here would be for nothing.
            if (_writing || _pending.WrittenCount == 0) return;
            writeHere = ClaimWriteHere(batch.MayWaitForSocket ? int.MaxValue : HeldFramesWriteLimit);
        }

        Write(writeHere);
    }

    /// <summary>
    /// On a thread taking <paramref name="batch"/> over (a reader thread taking reading over): under the lock, so that
    /// each frame the previous owner appends is either held before the hand-over (and sent by the new owner) or not held.
    /// </summary>
    internal void TakeOver(OutgoingBatch batch, int managedThreadId)
    {
        lock (_gate)
        {
            batch.SetOwner(managedThreadId);
        }
    }

    private void Release(Lock.Scope scope, FrameUse use)
    {
        if (use != FrameUse.AnswerAwaited
            && _pending.WrittenCount < HoldLimit
            && OutgoingBatch.Current is { } batch
            && batch.Writer == this
            && batch.Holds(acknowledgement: use == FrameUse.Acknowledgement)
            && batch.IsOwnedHere)
        {
            // Sent when the batch's piece of work ends (Send), together with whatever else it appends.
            batch.Held++;
            NoteHeldFrames();
            scope.Dispose();
            return;
        }

        // A lone frame (a request, a reply, the next publish of a round trip) goes out at once from the caller's thread,
        // which saves waking the writer's thread, two context switches and the larger part of a round trip's client
        // CPU. Lone means after a pause in the unheld frames, not in the writes: a reader thread's write of the acks it
        // held does not make a publish a moment later part of a burst. A writer's thread that has not written for as
        // long (starved of the CPU) has callers write too, as before.
        long now = Stopwatch.GetTimestamp();
        bool afterPause = Stopwatch.GetElapsedTime(_lastUnheldAppend, now) >= IdleGap
            || Stopwatch.GetElapsedTime(Volatile.Read(ref _lastWriteTimestamp), now) >= IdleGap;
        _lastUnheldAppend = now;
        bool writeHere = afterPause && !_writing && !OutgoingBatch.OnReaderThread && ClaimWriteHere(int.MaxValue);
        scope.Dispose();
        Write(writeHere);
    }

    /// <summary>
    /// Under the lock, with nobody writing: whether this thread writes the pending batch itself, and if so claims the
    /// output. Only when the output is a socket with room (a write that returns at once), the writer is not closing,
    /// and the batch is at most <paramref name="maxBytes"/>.
    /// </summary>
    private bool ClaimWriteHere(int maxBytes)
    {
        bool writeHere = _closed is null
            && !_completing
            && _pending.WrittenCount <= maxBytes
            && _socketOutput is { CanWriteWithoutWaiting: true };
        if (writeHere) _writing = true;
        return writeHere;
    }

    /// <summary>Outside the lock: writes on this thread what <see cref="ClaimWriteHere"/> claimed, or else wakes the writer's thread.</summary>
    private void Write(bool writeHere)
    {
        if (writeHere) WriteOnCallersThread();
        else _dataAvailable.Set();
    }

    /// <summary>
    /// Under the lock, when frames are left held: starts the clock on them and makes sure the hold timer will look.
    /// The timer is armed once per <see cref="DefaultMaxHoldTime"/> at most, not per hold, so a steady stream of short holds
    /// costs a timer callback every few milliseconds, not one per hold.
    /// </summary>
    private void NoteHeldFrames()
    {
        if (_heldSince == 0) _heldSince = Stopwatch.GetTimestamp();
        if (_holdTimerArmed) return;
        _holdTimerArmed = true;
        if (_holdTimer is null)
        {
            // The callback must not carry the holder's execution context (a handler's AsyncLocals) for the connection's life.
            using (ExecutionContext.SuppressFlow())
            {
                _holdTimer = new Timer(static state => ((ConnectionWriter)state!).OnHoldTimer(), this, Timeout.Infinite, Timeout.Infinite);
            }
        }

        _holdTimer.Change(_maxHoldTime, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// The hold timer: wakes the writer's thread, which sends everything pending, when frames have been held for
    /// <see cref="DefaultMaxHoldTime"/>; when the frames it was armed for have left and newer ones are held, it looks again later.
    /// </summary>
    private void OnHoldTimer()
    {
        lock (_gate)
        {
            _holdTimerArmed = false;
            if (_heldSince == 0 || _closed is not null || _completing) return;
            TimeSpan held = Stopwatch.GetElapsedTime(_heldSince);
            if (held < _maxHoldTime)
            {
                _holdTimerArmed = true;
                _holdTimer!.Change(_maxHoldTime - held, Timeout.InfiniteTimeSpan);
                return;
            }
        }

        _dataAvailable.Set();
    }

    private void WriteOnCallersThread()
    {
        try
        {
            WriteBatch();
        }
        catch (Exception ex)
        {
            _onFailure(ex);
        }
        finally
        {
            bool more;
            lock (_gate)
            {
                _writing = false;
                more = _pending.WrittenCount > 0 || _completing || _closed is not null;
            }

            if (more) _dataAvailable.Set();
        }
    }

    private void Run()
    {
        try
        {
            while (true)
            {
                bool write;
                lock (_gate)
                {
                    if (_writing)
                    {
                        write = false; // a caller is writing on its own thread; it signals when done if anything is left
                    }
                    else if (_pending.WrittenCount > 0)
                    {
                        _writing = true;
                        write = true;
                    }
                    else if (_completing || _closed is not null)
                    {
                        break;
                    }
                    else
                    {
                        write = false;
                    }
                }

                // The state is checked before every wait, so a signal that collapsed into an earlier one loses nothing.
                if (!write)
                {
                    _dataAvailable.Wait();
                    continue;
                }

                try
                {
                    WriteBatch();
                }
                finally
                {
                    lock (_gate)
                    {
                        _writing = false;
                    }
                }
            }

            _stoppedWriting.TrySetResult();
        }
        catch (Exception ex)
        {
            _stoppedWriting.TrySetResult();
            _onFailure(ex);
        }
    }

    /// <summary>Swaps the pending batch out and writes it. Only the holder of <see cref="_writing"/> calls this.</summary>
    private void WriteBatch()
    {
        PooledBufferWriter batch;
        QueuedWait? capacityWaiters;
        lock (_gate)
        {
            batch = _pending;
            _pending = _draining;
            _draining = batch;
            _lastFrameAcknowledgement = default;
            _heldSince = 0; // whatever was held leaves with this batch
            capacityWaiters = _capacityWaiters.TakeAllLocked();
        }

        WaiterQueue.ReleaseAll(capacityWaiters);
        if (batch.WrittenCount == 0) return;

        CopyToOutput(batch.WrittenSpan);
        batch.Clear();

        // A socket's writer completes synchronously (a blocking write); an in-memory pipe may make the writer's thread
        // wait, which is fine there. It waits on a signal rather than a task, which would be garbage for every pause.
        ValueTask<FlushResult> flush = _output.FlushAsync();
        if (!flush.IsCompleted)
        {
            flush.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_signalFlushed);
            _flushed.Wait();
        }

        FlushResult result = flush.Result;
        Volatile.Write(ref _lastWriteTimestamp, Stopwatch.GetTimestamp());
        if (result.IsCompleted || result.IsCanceled)
        {
            throw new IOException("The transport stopped accepting data.");
        }
    }

    private void CopyToOutput(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            Span<byte> span = _output.GetSpan(Math.Min(bytes.Length, 64 * 1024));
            int count = Math.Min(span.Length, bytes.Length);
            bytes[..count].CopyTo(span);
            _output.Advance(count);
            bytes = bytes[count..];
        }
    }

    /// <summary>Holds the writer's lock while frames are appended to <see cref="Buffer"/>.</summary>
    public ref struct WriteScope
    {
        private readonly ConnectionWriter _owner;
        private readonly FrameUse _use;
        private Lock.Scope _scope;
        private bool _released;

        internal WriteScope(ConnectionWriter owner, Lock.Scope scope, FrameUse use)
        {
            _owner = owner;
            _scope = scope;
            _use = use;
        }

        public readonly PooledBufferWriter Buffer => _owner._pending;

        /// <summary>
        /// Appends basic.ack with multiple set. When the frame before it is a multiple ack on the same channel with a
        /// lower tag, this one covers everything that one did, so it replaces it: a run of in-order acks held together
        /// costs the broker one ack (see <see cref="SettledDeliveries"/>).
        /// </summary>
        public readonly void WriteMultipleAcknowledgement(ushort channel, ulong deliveryTag)
        {
            PooledBufferWriter buffer = _owner._pending;
            MultipleAcknowledgement last = _owner._lastFrameAcknowledgement;
            if (last.End > 0 && last.End == buffer.WrittenCount && last.Channel == channel && last.DeliveryTag < deliveryTag)
            {
                buffer.Truncate(last.Start);
            }

            int start = buffer.WrittenCount;
            FrameWriter.WriteMethod(buffer, channel, new BasicAcknowledgement(MethodId.BasicAck, deliveryTag, multiple: true, requeue: false));
            _owner._lastFrameAcknowledgement = new MultipleAcknowledgement(start, buffer.WrittenCount, channel, deliveryTag);
        }

        public void Dispose()
        {
            if (_released) return;
            _released = true;
            _owner.Release(_scope, _use);
        }
    }

    /// <summary>What the frames of one <see cref="WriteScope"/> are for, which decides whether an <see cref="OutgoingBatch"/> may hold them.</summary>
    internal enum FrameUse
    {
        /// <summary>Publishes and other methods: held by the reader's and the continuation thread's batches.</summary>
        Ordinary,

        /// <summary>basic.ack, nack, reject: held by every batch, a handler thread's too.</summary>
        Acknowledgement,

        /// <summary>A method whose caller waits for the answer on a task of its own: never held.</summary>
        AnswerAwaited,
    }

    /// <summary>Where in the pending batch a multiple basic.ack was written, and what it acknowledges.</summary>
    private readonly record struct MultipleAcknowledgement(int Start, int End, ushort Channel, ulong DeliveryTag);
}
