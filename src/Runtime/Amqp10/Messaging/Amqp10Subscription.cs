using Microsoft.Extensions.Logging;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp10;

/// <summary>
/// A subscription over AMQP 1.0: a receiver link from <c>/queues/{name}</c> on a session of its own (RabbitMQ 4 ends
/// the whole session when a queue is missing or deleted, which must not take other subscriptions with it), with credit
/// equal to the prefetch, read by <c>concurrency</c> handler loops.
/// </summary>
/// <remarks>
/// It is an <see cref="IRecoveringSubscription"/> only so the host can run on <see cref="Amqp10MessagingTransport"/>:
/// nothing restarts it, so it is <see cref="SubscriptionState.Running"/> until it stops and
/// <see cref="SubscriptionState.Stopped"/> after, with <see cref="LastError"/> saying why when the broker or the
/// connection ended it.
/// Credit is not 0-9-1's prefetch: the engine tops credit up as deliveries arrive, not as they are settled, so messages
/// a handler leaves unsettled do not stop the flow.
/// </remarks>
internal sealed class Amqp10Subscription : IRecoveringSubscription
{
    private readonly Func<ReceivedMessage, CancellationToken, ValueTask> _handler;
    private readonly CancellationTokenSource _stopReceiving = new();
    private readonly CancellationTokenSource _stopHandlers = new();
    private readonly TaskCompletionSource<ConsumerStopReason> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Amqp10Session _session;
    private Task[] _loops = [];
    private volatile Amqp10ClosedException? _closedBy;

    private Amqp10Subscription(Amqp10Messaging messaging, string queue, Amqp10Session session, Amqp10ReceiverLink link, Func<ReceivedMessage, CancellationToken, ValueTask> handler)
    {
        Messaging = messaging;
        Queue = queue;
        _session = session;
        Link = link;
        _handler = handler;
    }

    public string Queue { get; }

    public Amqp10Messaging Messaging { get; }

    public Amqp10ReceiverLink Link { get; }

    public Task<ConsumerStopReason> Stopped => _stopped.Task;

    /// <summary>Running until the application cancels it or its link, session or connection stops; never recovering.</summary>
    public SubscriptionState State =>
        _closedBy is null && !_stopReceiving.IsCancellationRequested && !_stopped.Task.IsCompleted ? SubscriptionState.Running : SubscriptionState.Stopped;

    /// <summary>Why the broker or the connection stopped it, or null (still running, or cancelled by the application).</summary>
    public Exception? LastError => _closedBy;

    /// <summary>
    /// Why the loops ended: the application cancelled; the broker detached the link or ended its session (the queue
    /// was deleted, for instance); or the connection closed.
    /// </summary>
    private ConsumerStopReason StopReason =>
        _closedBy is null ? ConsumerStopReason.CancelledByClient
        : _closedBy.Scope == "connection" ? ConsumerStopReason.ChannelClosed
        : ConsumerStopReason.CancelledByBroker;

    public static async Task<Amqp10Subscription> StartAsync(
        Amqp10Messaging messaging, string queue, ushort prefetch, int concurrency, Func<ReceivedMessage, CancellationToken, ValueTask> handler, CancellationToken cancellationToken)
    {
        Amqp10Session session = await messaging.Connection.BeginSessionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A prefetch of 0 means "unlimited" in 0-9-1; 1.0 needs some credit, so it gets the engine's usual window.
            uint credit = prefetch == 0 ? 100u : prefetch;
            Amqp10ReceiverLink link = await session.AttachReceiverAsync($"typedamqp-consumer-{queue}-{Guid.NewGuid():N}", Amqp10Addresses.Queue(queue), credit, cancellationToken).ConfigureAwait(false);
            var subscription = new Amqp10Subscription(messaging, queue, session, link, handler);
            subscription._loops = Enumerable.Range(0, Math.Max(1, concurrency)).Select(_ => Task.Run(subscription.HandleLoopAsync)).ToArray();
            _ = Task.WhenAll(subscription._loops).ContinueWith(_ => subscription._stopped.TrySetResult(subscription.StopReason), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            return subscription;
        }
        catch (Amqp10ClosedException closed) when (closed.Condition == Amqp10Conditions.NotFound)
        {
            throw new Amqp10TopologyException("queue", queue, "404", $"cannot consume from it: {closed.Error?.Description ?? closed.Message}", closed);
        }
        catch
        {
            await EndQuietlyAsync(session).ConfigureAwait(false);
            throw;
        }
    }

    private async Task HandleLoopAsync()
    {
        while (!_stopReceiving.IsCancellationRequested)
        {
            Amqp10Delivery delivery;
            try
            {
                delivery = await Link.ReceiveAsync(_stopReceiving.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopReceiving.IsCancellationRequested)
            {
                return;
            }
            catch (Amqp10ClosedException closed)
            {
                // The link, its session or the connection stopped: so does every loop, and running handlers are told.
                if (!_stopReceiving.IsCancellationRequested) Messaging.Logger.LogWarning(closed, "AMQP 1.0 consumer of queue '{Queue}' stopped", Queue);
                _closedBy ??= closed;
                _stopHandlers.Cancel();
                return;
            }

            var message = new Amqp10ReceivedMessage(this, delivery);
            try
            {
                await _handler(new ReceivedMessage(message, message.Version), _stopHandlers.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                await SettleFailedAsync(message, ex).ConfigureAwait(false);
            }
            finally
            {
                message.Retire();
            }
        }
    }

    /// <summary>
    /// A handler threw without settling: the message goes back once as a failed delivery (modified, counted against a
    /// quorum queue's delivery limit), and is rejected (dead-lettered, if the queue has a dead-letter exchange) when it
    /// fails again, as the 0-9-1 consumer does.
    /// </summary>
    private async ValueTask SettleFailedAsync(Amqp10ReceivedMessage message, Exception exception)
    {
        if (message.Settled)
        {
            Messaging.Logger.LogError(exception, "Handler for delivery {DeliveryId} of queue '{Queue}' failed after settling it", message.DeliveryId, Queue);
            return;
        }

        MessageSettlement settlement = message.Redelivered ? MessageSettlement.Reject : MessageSettlement.Modify;
        try
        {
            await message.SettleAsync(settlement, CancellationToken.None).ConfigureAwait(false);
        }
        catch (AmqpException settleFailure)
        {
            Messaging.Logger.LogError(settleFailure, "Could not settle delivery {DeliveryId} of queue '{Queue}' after its handler failed", message.DeliveryId, Queue);
        }

        Messaging.Logger.LogError(exception, "Handler for delivery {DeliveryId} of queue '{Queue}' failed; the message was {Settlement}", message.DeliveryId, Queue, settlement);
    }

    public async ValueTask CancelAsync(CancellationToken cancellationToken = default)
    {
        if (!_stopReceiving.IsCancellationRequested) await _stopReceiving.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops).WaitAsync(cancellationToken).ConfigureAwait(false);

        // Ending the session detaches the link: the broker puts back what was delivered and not settled.
        await EndQuietlyAsync(_session).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => CancelAsync(CancellationToken.None);

    /// <summary>Ends the session, waiting at most the connection's close timeout for the broker's end (a broker that never answers must not hold up a stop or a recovery).</summary>
    private static async Task EndQuietlyAsync(Amqp10Session session)
    {
        using var bounded = new CancellationTokenSource(session.Connection.CloseTimeout);
        try
        {
            await session.EndAsync(bounded.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmqpException or OperationCanceledException)
        {
            // Already ended by the peer or lost with the connection: nothing is left to end.
        }
    }
}
