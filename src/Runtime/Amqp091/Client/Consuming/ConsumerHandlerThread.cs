using System.Diagnostics;
using TypedAmqp.Buffers;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp091;

/// <summary>
/// The thread a handler consumer with concurrency 1 runs its handler on when <see cref="ConsumerOptions.RunHandlerOnReaderThread"/> is off. The read loop hands over each
/// socket read's deliveries together and wakes the thread once; the thread runs the handler for each, in order.
/// </summary>
/// <remarks>
/// A thread of its own rather than a loop on the thread pool: a pool worker that picks up work wakes a second worker
/// in case more follows, so each read would cost twice the context switches, and on a small machine those switches
/// are most of the client's CPU per message. A handler that blocks holds only this consumer's thread, never a pool
/// thread. A handler that awaits something unfinished is waited for here, which keeps the queue's order.
/// The acknowledgements handlers send are held for <see cref="MaxAcknowledgementDelay"/> at most, and sent sooner
/// when they reach half the prefetch window (see <see cref="AmqpChannel.AcknowledgementsWorthHolding"/>) or before the
/// thread waits for a handler that awaits. In-order acks held together leave as one multiple ack, so a steady stream
/// of deliveries costs the broker one ack per millisecond or per half window, not one per message or per read.
/// While a handler blocks, the thread cannot send what it holds; the writer sends it after
/// <see cref="ConnectionWriter.DefaultMaxHoldTime"/>, and a handler that waits for something the connection completes
/// sends it first (see <see cref="OutgoingBatch"/>).
/// </remarks>
internal sealed class ConsumerHandlerThread : ConnectionThread
{
    /// <summary>How long acknowledgements may be held, to leave together with later handlers' ones, before they are sent.</summary>
    private static readonly TimeSpan MaxAcknowledgementDelay = TimeSpan.FromMilliseconds(1);

    private readonly Func<InboundMessage, ValueTask> _handle;
    private readonly Action<InboundMessage> _drop;
    private readonly Func<int>? _acknowledgementsWorthHolding;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<InboundMessage> _queued = [];
    private List<InboundMessage> _running = [];
    private int _next; // index in _running of the next delivery to handle
    private bool _completed; // no more deliveries come (guarded by _gate)
    private volatile bool _dropQueued; // the channel is gone: deliveries not yet handled are dropped, not handled
    private long _heldSince; // when this thread began holding the acknowledgements it has not sent (0: none held)

    /// <param name="handle">Runs the handler for one delivery and settles a failure; must not throw.</param>
    /// <param name="drop">Gives back a delivery that will not be handled (requeued if the channel is still open).</param>
    /// <param name="writer">The connection's writer; acknowledgements this thread appends to it are held.</param>
    /// <param name="acknowledgementsWorthHolding">
    /// How many acknowledgements may stay held once the thread runs out of deliveries (see
    /// <see cref="AmqpChannel.AcknowledgementsWorthHolding"/>); without it they are sent as soon as it does.
    /// </param>
    public ConsumerHandlerThread(Func<InboundMessage, ValueTask> handle, Action<InboundMessage> drop, ConnectionWriter writer, Func<int>? acknowledgementsWorthHolding = null)
        : base("TypedAmqp handler", new OutgoingBatch(writer, OutgoingBatchKind.HandlerAcknowledgements))
    {
        _handle = handle;
        _drop = drop;
        _acknowledgementsWorthHolding = acknowledgementsWorthHolding;
    }

    /// <summary>Completes when the thread has handled (or dropped) its last delivery and ended.</summary>
    public Task Finished => _finished.Task;

    public void Start() => StartOnce();

    /// <summary>Read loop: queues one read's deliveries and wakes the thread. False once completed: the caller keeps them.</summary>
    public bool TryAdd(List<InboundMessage> deliveries)
    {
        lock (_gate)
        {
            if (_completed) return false;
            _queued.AddRange(deliveries);
        }

        Wake.Set();
        return true;
    }

    /// <summary>
    /// No more deliveries come: the thread handles what is queued and ends, or with <paramref name="dropQueued"/>
    /// (the channel is gone, and with it the deliveries' tags) drops what it has not started yet.
    /// </summary>
    public void Complete(bool dropQueued)
    {
        if (dropQueued) _dropQueued = true;
        lock (_gate)
        {
            _completed = true;
        }

        Wake.Set();
    }

    protected override void Run()
    {
        try
        {
            while (true)
            {
                bool completed;
                lock (_gate)
                {
                    (_queued, _running) = (_running, _queued);
                    completed = _completed;
                }

                if (_running.Count == 0)
                {
                    // The state is checked before every wait, so a wake that collapsed into an earlier one loses nothing.
                    if (completed) break;
                    if (Batch!.Held > 0)
                    {
                        // Held acks wait a little for the next deliveries' acks, so that one frame settles both.
                        TimeSpan left = MaxAcknowledgementDelay - Stopwatch.GetElapsedTime(_heldSince);
                        if (left <= TimeSpan.Zero || !Wake.Wait(left)) SendHeldAcknowledgements();
                        continue;
                    }

                    Wake.Wait();
                    continue;
                }

                HandleRun();
            }

            _finished.TrySetResult();
        }
        catch (Exception ex)
        {
            // The handle delegate settles handler failures itself; reaching here is a bug in it. Fail Finished (which
            // the consumer's cancel awaits) rather than the process, and give back every delivery not handled.
            lock (_gate)
            {
                _completed = true;
            }

            for (int i = _next; i < _running.Count; i++) _drop(_running[i]);
            foreach (InboundMessage message in _queued) _drop(message);
            _running.Clear();
            _queued.Clear();
            _finished.TrySetException(ex);
        }
        finally
        {
            SendHeld();
        }
    }

    /// <summary>
    /// Handles the deliveries taken from the queue, in order, sending the acknowledgements they produce when they are a
    /// millisecond old or half the prefetch window; fewer stay held for <see cref="Run"/> to wait with.
    /// </summary>
    private void HandleRun()
    {
        int worthHolding = _acknowledgementsWorthHolding?.Invoke() ?? 0;
        for (_next = 0; _next < _running.Count;)
        {
            InboundMessage message = _running[_next++];
            if (_dropQueued)
            {
                _drop(message);
                continue;
            }

            ValueTask handling = _handle(message);
            if (handling.IsCompleted)
            {
                handling.GetAwaiter().GetResult();
            }
            else
            {
                // Whatever the handler waits for may need the held acknowledgements' room in the prefetch window.
                SendHeldAcknowledgements();
                handling.AsTask().GetAwaiter().GetResult();
            }

            int held = Batch!.Held;
            if (held == 0) continue;
            if (_heldSince == 0) _heldSince = Stopwatch.GetTimestamp();
            if ((worthHolding > 0 && held >= worthHolding) || Stopwatch.GetElapsedTime(_heldSince) >= MaxAcknowledgementDelay) SendHeldAcknowledgements();
        }

        _running.Clear();
        _next = 0;
        if (Batch!.Held > worthHolding) SendHeldAcknowledgements();
    }

    private void SendHeldAcknowledgements()
    {
        SendHeld();
        _heldSince = 0;
    }
}
