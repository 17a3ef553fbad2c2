using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp091;

/// <summary>
/// A subscription to a queue (basic.consume). Deliveries go either to the handler given to
/// <see cref="AmqpChannel.ConsumeAsync(string, Func{Delivery, CancellationToken, ValueTask}, ConsumerOptions?, CancellationToken)"/>,
/// or, for a consumer made without a handler, to <see cref="ReadAllAsync"/> and <see cref="ReceiveBatchAsync"/>.
/// <see cref="Stopped"/> tells when and why it ends — including when the broker cancels it.
/// </summary>
public sealed class AmqpConsumer : IMessageSubscription
{
    private readonly Channel<InboundMessage> _deliveries;
    private readonly List<InboundMessage> _staged = [];

    // Handlers run on the reader thread (ConsumerOptions.RunHandlerOnReaderThread): a read's deliveries join _queued
    // (HandOverStaged) and the thread reading the socket runs them (RunQueuedHandlers) - unless the handler is running
    // elsewhere already: one that awaits (CatchUpAsync goes on with the queue on the pool), or one that blocked until
    // the watchdog handed reading on (its thread goes on with the queue when it returns). One thread at a time owns
    // the handler, takes what queued before it lets go, and so keeps the queue's order.
    private readonly bool _runOnReaderThread;
    private readonly Lock _queueGate = new();
    private List<InboundMessage> _queued = []; // guarded by _queueGate
    private List<InboundMessage> _running = []; // the handler's owner only
    private bool _handlerOwned; // guarded by _queueGate
    private TaskCompletionSource? _handlerIdle; // guarded by _queueGate: completes once nothing is queued or running

    // By default a handler with concurrency 1 runs on the consumer's own thread; higher concurrency uses pool loops.
    private readonly ConsumerHandlerThread? _handlerThread;

    private readonly TaskCompletionSource<ConsumerStopReason> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<Delivery, CancellationToken, ValueTask>? _handler;
    private readonly CancellationTokenSource _handlerShutdown = new();
    private Task _dispatchers = Task.CompletedTask;
    private int _cancelRequested;

    internal AmqpConsumer(AmqpChannel channel, string queue, ConsumerOptions options, Func<Delivery, CancellationToken, ValueTask>? handler)
    {
        Channel = channel;
        Queue = queue;
        Options = options;
        _handler = handler;
        ConsumerTag = options.ConsumerTag ?? string.Empty;

        // A single handler runs on the reader thread when asked, else on its own thread; made now so that deliveries
        // arriving before StartDispatchers queue for it, and started there.
        bool singleHandler = handler is not null && options.Concurrency <= 1;
        _runOnReaderThread = singleHandler && options.RunHandlerOnReaderThread;
        if (singleHandler && !_runOnReaderThread)
        {
            _handlerThread = new ConsumerHandlerThread(
                message => HandleAsync(message, _handlerShutdown.Token), channel.RejectUndeliverable, channel.Connection.Writer,
                () => channel.AcknowledgementsWorthHolding);
        }

        // The channel carries deliveries to the application's await foreach (one reader: it waits without allocating)
        // or to concurrent handler loops (the multi-reader variant).
        _deliveries = System.Threading.Channels.Channel.CreateUnbounded<InboundMessage>(
            new UnboundedChannelOptions { SingleWriter = true, SingleReader = handler is null, AllowSynchronousContinuations = false });
    }

    /// <summary>The consumer tag the broker knows this consumer by.</summary>
    public string ConsumerTag { get; private set; }

    /// <summary>The queue consumed from.</summary>
    public string Queue { get; }

    /// <summary>The channel the consumer lives on.</summary>
    public AmqpChannel Channel { get; }

    /// <summary>Completes with the reason once the consumer stopped receiving messages.</summary>
    public Task<ConsumerStopReason> Stopped => _stopped.Task;

    /// <summary>Whether deliveries go to a handler rather than to <see cref="ReadAllAsync"/>.</summary>
    public bool HasHandler => _handler is not null;

    internal ConsumerOptions Options { get; }

    internal byte[] ConsumerTagUtf8 { get; private set; } = [];

    /// <summary>Task of the handler loops; completes after the last in-flight handler finished.</summary>
    internal Task Dispatchers => _runOnReaderThread ? HandlerIdle() : _handlerThread?.Finished ?? _dispatchers;

    /// <summary>
    /// Reads deliveries as they arrive. Each <see cref="Delivery"/> is valid until the next one is requested. The
    /// sequence ends quietly when the application stops the consumer (<see cref="CancelAsync"/>, disposing it, or
    /// closing its channel or connection), after the deliveries already received.
    /// </summary>
    /// <exception cref="AmqpConnectionClosedException">The connection was lost or closed by the broker.</exception>
    /// <exception cref="AmqpChannelClosedException">The broker closed the channel.</exception>
    /// <exception cref="AmqpConsumerCancelledException">The broker cancelled the consumer (its queue was deleted, say).</exception>
    public async IAsyncEnumerable<Delivery> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ThrowIfHandler();
        ChannelReader<InboundMessage> reader = _deliveries.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (TryReadForApplication(reader, out InboundMessage? message))
            {
                try
                {
                    yield return new Delivery(message);
                }
                finally
                {
                    Channel.Recycle(message);
                }
            }
        }

        ThrowIfStoppedByFailure();
    }

    /// <summary>
    /// Waits until <paramref name="maxCount"/> deliveries have arrived or <paramref name="timeout"/> has passed, and
    /// returns what arrived (possibly nothing). Dispose the batch to release its buffers. Once the consumer has stopped
    /// and every delivery was handed out, it returns an empty batch when the application stopped the consumer, and
    /// throws as <see cref="ReadAllAsync"/> does otherwise.
    /// </summary>
    /// <exception cref="AmqpConnectionClosedException">The connection was lost or closed by the broker.</exception>
    /// <exception cref="AmqpChannelClosedException">The broker closed the channel.</exception>
    /// <exception cref="AmqpConsumerCancelledException">The broker cancelled the consumer.</exception>
    public async ValueTask<DeliveryBatch> ReceiveBatchAsync(int maxCount, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ThrowIfHandler();
        var batch = new DeliveryBatch(Channel, maxCount);
        ChannelReader<InboundMessage> reader = _deliveries.Reader;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (batch.Count < maxCount)
            {
                if (TryReadForApplication(reader, out InboundMessage? message))
                {
                    batch.Add(message);
                    continue;
                }

                if (!await reader.WaitToReadAsync(deadline.Token).ConfigureAwait(false)) break;
            }

            if (batch.Count == 0) ThrowIfStoppedByFailure();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout ended the wait: return what arrived.
        }
        catch
        {
            batch.Dispose();
            throw;
        }

        return batch;
    }

    /// <summary>
    /// Takes the next delivery for <see cref="ReadAllAsync"/> or <see cref="ReceiveBatchAsync"/>, dropping those whose
    /// channel is gone (their delivery tags died with it, and the broker requeues them). The dropping happens here, on
    /// the application's side, because the delivery channel has a single reader: <see cref="Stop"/> must not read it
    /// from another thread.
    /// </summary>
    private bool TryReadForApplication(ChannelReader<InboundMessage> reader, [NotNullWhen(true)] out InboundMessage? message)
    {
        while (reader.TryRead(out message))
        {
            if (!ChannelGone) return true;
            Channel.Recycle(message);
        }

        return false;
    }

    /// <summary>
    /// Throws why the consumer stopped, unless the application stopped it: an application reading deliveries must
    /// not mistake a lost connection, or a queue deleted under it, for the end of its work.
    /// </summary>
    private void ThrowIfStoppedByFailure()
    {
        if (!_stopped.Task.IsCompletedSuccessfully || Volatile.Read(ref _cancelRequested) != 0) return;
        switch (_stopped.Task.Result)
        {
            case ConsumerStopReason.CancelledByBroker:
                throw new AmqpConsumerCancelledException(ConsumerTag, Queue);
            case ConsumerStopReason.ChannelClosed when Channel.CloseException is { } closed && Channel.CloseReason?.Initiator != CloseInitiator.Application:
                throw closed;
        }
    }

    /// <summary>
    /// Cancels the subscription (basic.cancel) and waits for the broker's confirmation. Deliveries already received
    /// are still handed out; a handler consumer waits for its running handlers to finish.
    /// </summary>
    public async ValueTask CancelAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _cancelRequested, 1) == 0 && !Stopped.IsCompleted)
        {
            try
            {
                await Channel.CancelConsumerAsync(this, cancellationToken).ConfigureAwait(false);
            }
            catch (AmqpException)
            {
                // The channel is gone, which stops the consumer too.
            }
        }

        await Dispatchers.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels the consumer (see <see cref="CancelAsync"/>).</summary>
    public ValueTask DisposeAsync() => CancelAsync(CancellationToken.None);

    internal void OnConsumeOk(string consumerTag)
    {
        ConsumerTag = consumerTag;
        ConsumerTagUtf8 = Encoding.UTF8.GetBytes(consumerTag);
    }

    internal void StartDispatchers()
    {
        if (_handler is null || _runOnReaderThread) return;
        if (_handlerThread is not null)
        {
            _handlerThread.Start();
            return;
        }

        var loops = new Task[Options.Concurrency];
        for (int i = 0; i < loops.Length; i++) loops[i] = Task.Run(DispatchLoopAsync);
        _dispatchers = Task.WhenAll(loops);
    }

    /// <summary>
    /// Called by the read loop for each delivery: holds it until <see cref="HandOverStaged"/>, which the read loop
    /// calls once it has decoded everything one socket read brought. Handing a read's deliveries over together wakes
    /// the handler thread (or loop, or reader) once per read instead of once per message.
    /// </summary>
    internal void Enqueue(InboundMessage message)
    {
        if (_staged.Count == 0) Channel.Connection.StageHandOver(this);
        _staged.Add(message);
    }

    /// <summary>Read loop only: passes the staged deliveries on to the handler thread, the handler loops or the reader.</summary>
    internal void HandOverStaged()
    {
        if (_handlerThread is not null)
        {
            // The whole read's deliveries at once: one wake of the handler thread. Refused once stopped: as below.
            if (_staged.Count > 0 && !_handlerThread.TryAdd(_staged))
            {
                foreach (InboundMessage message in _staged) Channel.RejectUndeliverable(message);
            }
        }
        else if (_runOnReaderThread)
        {
            // Run after the read (RunQueuedHandlers), once every consumer has its deliveries of the read.
            if (_staged.Count > 0)
            {
                lock (_queueGate)
                {
                    _queued.AddRange(_staged);
                }
            }
        }
        else
        {
            foreach (InboundMessage message in _staged)
            {
                if (!_deliveries.Writer.TryWrite(message))
                {
                    // Stopped already: give the buffer back; the broker requeues unacked messages when the channel
                    // closes, and the channel rejects this one with requeue.
                    Channel.RejectUndeliverable(message);
                }
            }
        }

        _staged.Clear();
    }

    /// <summary>
    /// Called on the thread reading the socket after each read, once every consumer has its deliveries: with handlers
    /// on the reader thread, runs the queued deliveries' handlers here, in order, unless another thread owns the
    /// handler (see <see cref="_queued"/>). A handler that does not finish synchronously leaves the rest to the catch-up.
    /// </summary>
    internal void RunQueuedHandlers()
    {
        if (!_runOnReaderThread) return;
        lock (_queueGate)
        {
            if (_handlerOwned || _queued.Count == 0) return;
            _handlerOwned = true;
            (_queued, _running) = (_running, _queued);
        }

        for (int next = 0; ;)
        {
            for (; next < _running.Count; next++)
            {
                ValueTask handling = HandleUnlessChannelGone(_running[next]);
                if (!handling.IsCompleted)
                {
                    _ = CatchUpAsync(handling, next + 1);
                    return;
                }

                handling.GetAwaiter().GetResult();
            }

            next = 0;
            if (!TakeQueued()) return;
        }
    }

    /// <summary>Waits for the handler that went asynchronous, then runs the rest of the queue, in order, until it is empty.</summary>
    private async Task CatchUpAsync(ValueTask handling, int next)
    {
        await handling.ConfigureAwait(false);
        do
        {
            for (; next < _running.Count; next++)
            {
                await HandleUnlessChannelGone(_running[next]).ConfigureAwait(false);
            }

            next = 0;
        }
        while (TakeQueued());
    }

    /// <summary>
    /// The handler's owner ran out of deliveries: takes what queued meanwhile, or else lets the handler go (and tells
    /// <see cref="HandlerIdle"/>'s waiters).
    /// </summary>
    private bool TakeQueued()
    {
        _running.Clear();
        lock (_queueGate)
        {
            if (_queued.Count > 0)
            {
                (_queued, _running) = (_running, _queued);
                return true;
            }

            _handlerOwned = false;
            _handlerIdle?.TrySetResult();
            _handlerIdle = null;
            return false;
        }
    }

    /// <summary>Completes once no delivery is queued for the handler or running in it.</summary>
    private Task HandlerIdle()
    {
        lock (_queueGate)
        {
            if (!_handlerOwned && _queued.Count == 0) return Task.CompletedTask;
            _handlerIdle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _handlerIdle.Task;
        }
    }

    private ValueTask HandleUnlessChannelGone(InboundMessage message)
    {
        if (!ChannelGone) return HandleAsync(message, _handlerShutdown.Token);
        Channel.RejectUndeliverable(message);
        return default;
    }

    /// <summary>Whether the consumer stopped because its channel closed: its deliveries' tags are dead.</summary>
    private bool ChannelGone => _stopped.Task.IsCompletedSuccessfully && _stopped.Task.Result == ConsumerStopReason.ChannelClosed;

    /// <summary>Ends the consumer; buffered deliveries are still handed out unless the channel is gone.</summary>
    internal void Stop(ConsumerStopReason reason)
    {
        if (!_stopped.TrySetResult(reason)) return;

        // A cancel comes through the read loop, after deliveries of the same read that are still staged: they go
        // first. A closed channel (possibly from another thread) leaves them to the read loop, which recycles them.
        if (reason != ConsumerStopReason.ChannelClosed) HandOverStaged();
        _deliveries.Writer.TryComplete();
        _handlerThread?.Complete(dropQueued: reason == ConsumerStopReason.ChannelClosed);
        if (reason == ConsumerStopReason.ChannelClosed)
        {
            // Their delivery tags died with the channel and the broker requeues them: drop our copies. Handler loops
            // read the delivery channel concurrently anyway; the application's single reader drops them itself
            // (TryReadForApplication).
            _handlerShutdown.Cancel();
            if (_handler is not null)
            {
                while (_deliveries.Reader.TryRead(out InboundMessage? message)) Channel.Recycle(message);
            }
            lock (_queueGate)
            {
                foreach (InboundMessage message in _queued) Channel.Recycle(message);
                _queued.Clear();
                if (!_handlerOwned)
                {
                    _handlerIdle?.TrySetResult();
                    _handlerIdle = null;
                }
            }
        }
    }

    private async Task DispatchLoopAsync()
    {
        ChannelReader<InboundMessage> reader = _deliveries.Reader;
        CancellationToken shutdown = _handlerShutdown.Token;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out InboundMessage? message))
            {
                await HandleAsync(message, shutdown).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask HandleAsync(InboundMessage message, CancellationToken shutdown)
    {
        try
        {
            await _handler!(new Delivery(message), shutdown).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await SettleFailedAsync(message, ex).ConfigureAwait(false);
        }
        finally
        {
            Channel.Recycle(message);
        }
    }

    /// <summary>
    /// A handler threw: a message it did not settle is requeued once, and rejected without requeue (so it goes to
    /// the queue's dead-letter exchange, if any) when it fails again. Either way the failure is logged, after settling,
    /// with what happened: a handler cancelled because its channel closed cannot settle, and the broker requeues.
    /// </summary>
    private async ValueTask SettleFailedAsync(InboundMessage message, Exception exception)
    {
        ILogger logger = Channel.Logger;
        if (Options.AutoAck || message.Settled)
        {
            Log.HandlerFailed(logger, ConsumerTag, message.DeliveryTag, Options.AutoAck ? "lost (auto-ack consumer)" : "already settled by the handler", exception);
            return;
        }

        bool requeue = !message.Redelivered;
        try
        {
            message.Settled = true;
            await Channel.BasicRejectAsync(message.DeliveryTag, requeue, CancellationToken.None).ConfigureAwait(false);
        }
        catch (AmqpException)
        {
            Log.ChannelClosedUnderHandler(logger, ConsumerTag, message.DeliveryTag, exception);
            return;
        }

        Log.HandlerFailed(logger, ConsumerTag, message.DeliveryTag, requeue ? "requeued" : "rejected without requeue (dead-lettered if the queue has a DLX)", exception);
    }

    private void ThrowIfHandler()
    {
        if (_handler is not null)
        {
            throw new InvalidOperationException("This consumer hands deliveries to its handler; create it without a handler to read deliveries yourself.");
        }
    }
}
