using System.Buffers;
using System.Text;
using System.Threading.Tasks.Sources;
using TypedAmqp.Buffers;
using TypedAmqp.Amqp091.Protocol.Methods;

namespace TypedAmqp.Amqp091;

/// <summary>
/// A publish made while its channel has as many publishes waiting for their confirm as it may
/// (<see cref="AmqpChannel.MaxUnconfirmedPublishes"/>). It copies what it will write (exchange, routing key, body,
/// properties), waits on the channel's list of room waiters, and when released writes itself from a thread-pool work
/// item; its outcome then goes to the publish's <see cref="IConfirmObserver"/>, or, for a raw publish, completes the
/// caller's ValueTask, which this object is. Pooled, with no delegate, state machine or work-item wrapper per wait,
/// so waiting for room allocates nothing in steady state.
/// </summary>
/// <remarks>
/// It is a thread-pool work item for two things, one at a time: its next look for room after a release, and, for a
/// raw publish, the hand-off of its outcome to the awaiter (<see cref="HandOffCompletionCore{TResult}"/>).
/// Every waiter is released when room may have come, and looks again: one that finds the channel full once more
/// queues itself again. A caller's cancellation takes it off the list; a channel that closes releases it with the reason.
/// </remarks>
internal sealed class DeferredPublish : QueuedWait, IThreadPoolWorkItem, IConfirmObserver, IValueTaskSource
{
    /// <summary>More deferred publishes than this at once are left to the garbage collector when they finish.</summary>
    private const int MaxPooled = 64;

    private static readonly Lock s_poolLock = new();
    private static DeferredPublish? s_free;
    private static int s_freeCount;

    private readonly PooledBufferWriter _copy = new(initialCapacity: 512); // exchange, routing key, then body
    private readonly BasicProperties _properties = new();
    private HandOffCompletionCore<bool> _core;
    private AmqpChannel? _channel;
    private IConfirmObserver? _observer; // null for a raw publish: this completes the caller's ValueTask
    private CancellationToken _cancellationToken;
    private CancellationTokenRegistration _cancellation;
    private int _exchangeLength;
    private int _routingKeyLength;
    private bool _mandatory;
    private Exception? _closed;
    private bool _outcomeHandedOff; // the next Execute sets the outcome rather than looking for room

    /// <summary>
    /// Takes a deferred publish from the pool for <paramref name="channel"/>; give it its address and body
    /// (<see cref="WithAddress(string, string)"/>, <see cref="WithBody(ReadOnlySpan{byte})"/>), then
    /// <see cref="Start"/> it (a raw publish, which completes with its confirm) or <see cref="StartObserved"/> (its
    /// outcome goes to <paramref name="observer"/>, including a failure before it was written, see
    /// <see cref="IConfirmObserver.OnNotPublished"/>).
    /// </summary>
    public static DeferredPublish Rent(
        AmqpChannel channel, BasicProperties? properties, bool mandatory, IConfirmObserver? observer, CancellationToken cancellationToken)
    {
        DeferredPublish? publish;
        lock (s_poolLock)
        {
            publish = s_free;
            if (publish is not null)
            {
                s_free = (DeferredPublish?)publish.Next;
                publish.Next = null;
                s_freeCount--;
            }
        }

        publish ??= new DeferredPublish();
        publish._channel = channel;
        publish._observer = observer;
        publish._mandatory = mandatory;
        publish._cancellationToken = cancellationToken;
        publish._properties.CopyFrom(properties);
        return publish;
    }

    public DeferredPublish WithAddress(string exchange, string routingKey)
    {
        _exchangeLength = (int)Encoding.UTF8.GetBytes(exchange, _copy);
        _routingKeyLength = (int)Encoding.UTF8.GetBytes(routingKey, _copy);
        return this;
    }

    public DeferredPublish WithAddress(ReadOnlySpan<byte> exchangeUtf8, ReadOnlySpan<byte> routingKeyUtf8)
    {
        _exchangeLength = exchangeUtf8.Length;
        _routingKeyLength = routingKeyUtf8.Length;
        _copy.Write(exchangeUtf8);
        _copy.Write(routingKeyUtf8);
        return this;
    }

    public DeferredPublish WithBody(ReadOnlySpan<byte> body)
    {
        _copy.Write(body);
        return this;
    }

    /// <summary>Has <paramref name="writeBody"/> write the body now, into the copy (a throw returns this to the pool and is the caller's).</summary>
    public DeferredPublish WithBody<TState>(TState state, Action<IBufferWriter<byte>, TState> writeBody)
    {
        try
        {
            writeBody(_copy, state);
        }
        catch
        {
            Return();
            throw;
        }

        return this;
    }

    /// <summary>An observed publish (typed publishes and requests): waits, then writes, its outcome going to the observer.</summary>
    public void StartObserved() => BeginWaiting();

    /// <summary>A raw publish: the caller awaits this object.</summary>
    public ValueTask Start()
    {
        if (_cancellationToken.IsCancellationRequested)
        {
            CancellationToken cancelled = _cancellationToken;
            Return();
            return ValueTask.FromCanceled(cancelled);
        }

        var task = new ValueTask(this, _core.Version);
        BeginWaiting();
        return task;
    }

    /// <summary>
    /// Registers the caller's cancellation before the first wait (after it, a release could already be running this
    /// on another thread), then waits or writes.
    /// </summary>
    private void BeginWaiting()
    {
        if (_cancellationToken.CanBeCanceled)
        {
            _cancellation = _cancellationToken.UnsafeRegister(static (state, _) => ((DeferredPublish)state!).OnCancelled(), this);
        }

        WaitOrWrite();
    }

    /// <summary>
    /// Queues for room, or writes now if there is room (on the caller's thread the first time, then on the pool's).
    /// Once queued, a release may run this on another thread at once, write it and recycle it: nothing here touches it after.
    /// </summary>
    private void WaitOrWrite()
    {
        AmqpChannel channel = _channel!;

        // The token is checked under the list's lock: a cancellation that came while this was off the list, and so
        // found nothing to take off, is seen there.
        if (channel.TryQueueForConfirmRoom(this, _cancellationToken, out Exception? refused)) return;
        if (refused is not null) Fail(refused);
        else Write(channel);
    }

    /// <summary>The caller's token was cancelled: fails the publish if it is waiting on the list (otherwise whoever runs it next sees the token).</summary>
    private void OnCancelled()
    {
        if (_channel!.TryCancelConfirmRoomWait(this)) Fail(new OperationCanceledException(_cancellationToken));
    }

    /// <summary>On the releasing thread: hands the next look for room to the thread pool, without a wrapper object.</summary>
    public override void Release(Exception? closed)
    {
        _closed = closed;
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    void IThreadPoolWorkItem.Execute()
    {
        if (_outcomeHandedOff)
        {
            _outcomeHandedOff = false;
            _core.CompleteHandedOff();
        }
        else if (_closed is { } closed) Fail(closed);
        else WaitOrWrite();
    }

    /// <summary>Writes the copy. After the write, a raw publish's confirm may already have completed and recycled this object: touch nothing.</summary>
    private void Write(AmqpChannel channel)
    {
        ReleaseCancellation();
        IConfirmObserver? observer = _observer;
        ReadOnlyMemory<byte> copy = _copy.WrittenMemory;
        var method = new BasicPublish(copy[.._exchangeLength], copy.Slice(_exchangeLength, _routingKeyLength), _mandatory);
        try
        {
            channel.WriteDeferredPublish(method, copy.Span[(_exchangeLength + _routingKeyLength)..], _properties, observer ?? this, _cancellationToken);
        }
        catch (Exception ex)
        {
            Fail(ex);
            return;
        }

        if (observer is not null) Return(); // the outcome goes to the observer; nothing refers to this any more
    }

    /// <summary>Nothing of the publish was written.</summary>
    private void Fail(Exception reason)
    {
        ReleaseCancellation();
        if (_observer is { } observer)
        {
            Return();
            observer.OnNotPublished(reason);
        }
        else
        {
            Complete(reason);
        }
    }

    /// <summary>A raw publish's confirm (or nack, return, cancellation, close), on the settling thread.</summary>
    void IConfirmObserver.OnConfirmOutcome(Exception? failure) => Complete(failure);

    private void Complete(Exception? failure)
    {
        // Off every queue by now, so no release runs this as a look for room any more: an Execute from here on is the
        // hand-off of the outcome (if the core hands it off at all).
        _outcomeHandedOff = true;
        _core.Complete(true, failure, this, _channel!.Connection.Continuations);
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        OutgoingBatch.SendBeforeWaiting(); // what this thread holds may be the publish whose confirm it waits for
        _core.OnCompleted(continuation, state, token, flags);
    }

    void IValueTaskSource.GetResult(short token)
    {
        try
        {
            _core.GetResult(token);
        }
        finally
        {
            _core.Reset();
            Return();
        }
    }

    private void ReleaseCancellation()
    {
        // Waits for a cancellation callback running on another thread (it only looks at the list); inside the
        // callback itself it does not wait.
        _cancellation.Dispose();
        _cancellation = default;
    }

    private void Return()
    {
        _channel = null;
        _observer = null;
        _closed = null;
        _outcomeHandedOff = false;
        _cancellationToken = default;
        _properties.CopyFrom(null);
        _copy.Clear();
        lock (s_poolLock)
        {
            if (s_freeCount == MaxPooled) return;
            Next = s_free;
            s_free = this;
            s_freeCount++;
        }
    }
}
