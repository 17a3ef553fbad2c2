using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp091;

/// <summary>
/// A consumer that <see cref="RecoveringMessaging"/> keeps running: when its consumer stops (the connection lost, the
/// broker cancelled it, its channel closed) it is started again — on the recovered connection, or, when the connection
/// is fine, after a back-off — until the application stops it. <see cref="State"/> is <see cref="SubscriptionState.Running"/>
/// only while the broker has confirmed a consumer on the current connection, never while the broker would deliver it nothing.
/// </summary>
/// <remarks>One task per subscription, on the thread pool, waits for the consumer to stop and starts it again.</remarks>
public sealed class RecoveringSubscription : IRecoveringSubscription
{
    private readonly RecoveringMessaging _owner;
    private readonly Func<Delivery, CancellationToken, ValueTask> _handler; // the user's, over the neutral view
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<ConsumerStopReason> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile AmqpConsumer? _consumer;
    private volatile Exception? _lastError;
    private volatile SubscriptionState _state = SubscriptionState.Recovering;
    private Task _keeper = Task.CompletedTask;

    internal RecoveringSubscription(RecoveringMessaging owner, string queueReference, ushort prefetch, int concurrency, Func<ReceivedMessage, CancellationToken, ValueTask> handler)
    {
        _owner = owner;
        QueueReference = queueReference;
        Prefetch = prefetch;
        Concurrency = concurrency;
        _handler = (delivery, cancellationToken) => handler(delivery, cancellationToken);
    }

    /// <summary>The queue as given: its name, or a server-named queue's key.</summary>
    public string QueueReference { get; }

    /// <summary>The queue's name on the broker now (a server-named queue's changes with every connection).</summary>
    public string Queue => _consumer?.Queue ?? _owner.QueueName(QueueReference);

    /// <summary>Unacknowledged deliveries the broker sends ahead.</summary>
    public ushort Prefetch { get; }

    /// <summary>Handlers running at once.</summary>
    public int Concurrency { get; }

    /// <summary>Whether the consumer is registered with the broker now.</summary>
    public SubscriptionState State => _state;

    /// <summary>Why the consumer last failed to start, or was stopped by the broker; null once it runs again.</summary>
    public Exception? LastError => _lastError;

    /// <summary>The AMQP 0-9-1 consumer of the current connection, or null while not running.</summary>
    public AmqpConsumer? Consumer => _state == SubscriptionState.Running ? _consumer : null;

    /// <inheritdoc />
    public Task<ConsumerStopReason> Stopped => _stopped.Task;

    /// <summary>The first start, on the current connection: its failure is the caller's.</summary>
    internal async ValueTask StartAsync(AmqpMessaging messaging, CancellationToken cancellationToken)
    {
        AmqpConsumer consumer = await messaging.SubscribeAsync(_owner.QueueName(QueueReference), Prefetch, Concurrency, _handler, cancellationToken).ConfigureAwait(false);
        Run(consumer);
        _keeper = KeepRunningAsync(messaging, consumer);
    }

    private void Run(AmqpConsumer consumer)
    {
        _consumer = consumer;
        _lastError = null;
        _state = SubscriptionState.Running;
    }

    /// <summary>Runs <see cref="KeepConsumingAsync"/>; whatever it did not foresee ends the subscription, reported, never unobserved.</summary>
    private async Task KeepRunningAsync(AmqpMessaging messaging, AmqpConsumer consumer)
    {
        try
        {
            await KeepConsumingAsync(messaging, consumer).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _lastError = ex;
            Log.SubscriptionFailed(_owner.Logger, QueueReference, 0, "stopped for good after an unexpected failure: " + ex.Message);
            Finish(ConsumerStopReason.ChannelClosed);
        }
    }

    /// <summary>Waits for each consumer to stop and starts the next, until the application stops this subscription.</summary>
    private async Task KeepConsumingAsync(AmqpMessaging messaging, AmqpConsumer consumer)
    {
        AmqpConsumer? running = consumer;
        AmqpMessaging? lostTransport = null;
        int failures = 0;
        while (true)
        {
            if (running is not null)
            {
                ConsumerStopReason reason = await running.Stopped.ConfigureAwait(false);
                if (_stop.IsCancellationRequested)
                {
                    Finish(ConsumerStopReason.CancelledByClient); // CancelAsync closes the channel once the handlers are done
                    return;
                }

                if (_owner.IsStopping || _owner.Recovery is null)
                {
                    await CloseAfterHandlersAsync(running).ConfigureAwait(false);
                    Finish(reason);
                    return;
                }

                _state = SubscriptionState.Recovering;
                await CloseAfterHandlersAsync(running).ConfigureAwait(false);
                running = null;
                if (messaging.Connection.IsOpen)
                {
                    // The broker cancelled the consumer (its queue deleted, say) or closed its channel: start it again
                    // on this connection after a back-off, reporting why.
                    failures++;
                    if (!await ReportFailureAndWaitAsync(failures, StopError(consumer, reason)).ConfigureAwait(false)) return;
                }
                else
                {
                    lostTransport = messaging;
                }
            }

            try
            {
                messaging = await _owner.WaitForRecoveryAsync(lostTransport, Timeout.InfiniteTimeSpan, _stop.Token).ConfigureAwait(false);
                consumer = await SubscribeWithinAsync(messaging).ConfigureAwait(false);
                running = consumer;
                lostTransport = null;
                Run(consumer);
                if (_stop.IsCancellationRequested)
                {
                    await consumer.CancelAsync(CancellationToken.None).ConfigureAwait(false);
                    continue;
                }

                failures = 0;
                _owner.Raise(new RecoveryEventArgs(RecoveryEventKind.SubscriptionRecovered, 0, TimeSpan.Zero, null, null, this));
            }
            catch (Exception ex) when (_stop.IsCancellationRequested || _owner.IsStopping || ex is AmqpConnectionClosedException { Reason.Initiator: CloseInitiator.Application })
            {
                Finish(_stop.IsCancellationRequested ? ConsumerStopReason.CancelledByClient : ConsumerStopReason.ChannelClosed);
                return;
            }
            catch (Exception ex)
            {
                if (!messaging.Connection.IsOpen)
                {
                    lostTransport = messaging; // lost again meanwhile: the next connection will do
                    continue;
                }

                failures++;
                if (!await ReportFailureAndWaitAsync(failures, ex).ConfigureAwait(false)) return;
            }
        }
    }

    /// <summary>
    /// Closes a stopped consumer's channel once its running handlers have finished (so their acks still go out), or
    /// after the step timeout: a handler that hangs must not keep the queue unconsumed.
    /// </summary>
    private async Task CloseAfterHandlersAsync(AmqpConsumer stopped)
    {
        try
        {
            await stopped.Dispatchers.WaitAsync(_owner.RecoveryOrDefaults.StepTimeout).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Timed out (or the handlers failed): their deliveries are requeued by the broker when the channel closes.
        }

        await stopped.Channel.CloseAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// basic.consume on <paramref name="messaging"/>, failing with a timeout when not answered within the step timeout.
    /// The timeout is reported at once: cleaning up the abandoned channel can take as long again when the broker is
    /// stuck (a quorum queue without a leader answers neither basic.consume nor channel.close), so that goes on behind.
    /// </summary>
    private async Task<AmqpConsumer> SubscribeWithinAsync(AmqpMessaging messaging)
    {
        TimeSpan timeout = _owner.RecoveryOrDefaults.StepTimeout;
        string queue = _owner.QueueName(QueueReference);
        var step = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        step.CancelAfter(timeout);
        Task<AmqpConsumer> subscribing = messaging.SubscribeAsync(queue, Prefetch, Concurrency, _handler, step.Token).AsTask();
        _ = subscribing.ContinueWith(static (done, state) => ((CancellationTokenSource)state!).Dispose(), step, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            return await subscribing.WaitAsync(timeout, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && !_stop.IsCancellationRequested))
        {
            // Whatever the abandoned attempt ends with is observed; a consumer it still started is cancelled with its channel.
            _ = subscribing.ContinueWith(
                static done =>
                {
                    if (done.IsCompletedSuccessfully) _ = done.Result.Channel.CloseAsync(CancellationToken.None).AsTask();
                    else _ = done.Exception;
                },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw new TimeoutException($"Consuming queue '{queue}' was not confirmed by the broker within {timeout.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>Records and reports a failure, then waits out the back-off; false if the subscription was stopped meanwhile.</summary>
    private async Task<bool> ReportFailureAndWaitAsync(int failures, Exception error)
    {
        _lastError = error;
        _state = SubscriptionState.Recovering;
        Log.SubscriptionFailed(_owner.Logger, QueueReference, failures, error.Message);
        _owner.Raise(new RecoveryEventArgs(RecoveryEventKind.SubscriptionFailed, failures, TimeSpan.Zero, null, error, this));
        try
        {
            await Task.Delay(_owner.RecoveryOrDefaults.DelayBefore(failures + 1), _stop.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            Finish(ConsumerStopReason.CancelledByClient);
            return false;
        }
    }

    private static Exception StopError(AmqpConsumer consumer, ConsumerStopReason reason) =>
        reason == ConsumerStopReason.CancelledByBroker
            ? new AmqpConsumerCancelledException(consumer.ConsumerTag, consumer.Queue)
            : consumer.Channel.CloseException ?? new AmqpException($"The consumer of queue '{consumer.Queue}' stopped: {reason}.");

    private void Finish(ConsumerStopReason reason)
    {
        _state = SubscriptionState.Stopped;
        _owner.Forget(this);
        _stopped.TrySetResult(reason);
    }

    /// <summary>Stops consuming for good and waits for running handlers to finish (up to <paramref name="cancellationToken"/>).</summary>
    public async ValueTask CancelAsync(CancellationToken cancellationToken = default)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_consumer is { } consumer)
        {
            await consumer.CancelAsync(cancellationToken).ConfigureAwait(false);
            await consumer.Channel.CloseAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await _keeper.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops consuming (see <see cref="CancelAsync"/>).</summary>
    public ValueTask DisposeAsync() => CancelAsync(CancellationToken.None);

    /// <inheritdoc />
    public override string ToString() => $"consumer of '{QueueReference}' ({State})";
}
