using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Amqp091.Protocol.Methods;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp091;

// basic.consume/cancel/get, acknowledgements, qos and recover, and the consumers and message pool behind them.
public sealed partial class AmqpChannel
{
    private readonly Lock _consumersGate = new();
    private AmqpConsumer[] _consumers = [];

    /// <summary>Limits unacknowledged deliveries (basic.qos): per consumer, or for the whole channel with <paramref name="global"/>.</summary>
    public async ValueTask BasicQosAsync(ushort prefetchCount, uint prefetchSize = 0, bool global = false, CancellationToken cancellationToken = default)
    {
        await RpcAsync(new BasicQos(prefetchSize, prefetchCount, global), MethodId.BasicQosOk, 0, cancellationToken).ConfigureAwait(false);
        _prefetchCount = prefetchCount;
    }

    /// <summary>
    /// How many acknowledgements a consumer's handler thread may hold once it has run out of deliveries (for a
    /// millisecond at most) while it waits for more: half the prefetch window, so the broker always has room to send
    /// the next deliveries, or 256 when the window is unlimited. None with a prefetch of 1.
    /// </summary>
    internal int AcknowledgementsWorthHolding => _prefetchCount == 0 ? 256 : _prefetchCount / 2;

    /// <summary>
    /// Starts a consumer whose deliveries are passed to <paramref name="handler"/> (with up to
    /// <see cref="ConsumerOptions.Concurrency"/> running at once). Ack each delivery in the handler unless
    /// <see cref="ConsumerOptions.AutoAck"/> is set. A handler that throws gets its unsettled message requeued once,
    /// then rejected (dead-lettered if the queue has a dead-letter exchange); both are logged.
    /// </summary>
    public async ValueTask<AmqpConsumer> ConsumeAsync(
        string queue, Func<Delivery, CancellationToken, ValueTask> handler, ConsumerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        AmqpConsumer consumer = await StartConsumerAsync(queue, handler, options, cancellationToken).ConfigureAwait(false);
        consumer.StartDispatchers();
        return consumer;
    }

    /// <summary>
    /// Starts a consumer whose deliveries you read with <see cref="AmqpConsumer.ReadAllAsync"/> (<c>await foreach</c>)
    /// or <see cref="AmqpConsumer.ReceiveBatchAsync"/>.
    /// </summary>
    public ValueTask<AmqpConsumer> ConsumeAsync(string queue, ConsumerOptions? options = null, CancellationToken cancellationToken = default) =>
        StartConsumerAsync(queue, null, options, cancellationToken);

    /// <summary>Fetches one message (basic.get), or returns null when the queue is empty.</summary>
    public async ValueTask<GetResult?> BasicGetAsync(string queue, bool autoAck = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        if (autoAck) _settled.StopTracking(); // its delivery tags are never settled by the client
        RpcReply reply = await RpcAsync(new BasicGet(queue, autoAck), MethodId.BasicGetOk, MethodId.BasicGetEmpty, cancellationToken).ConfigureAwait(false);
        return reply.Message;
    }

    /// <summary>Acknowledges a delivery (basic.ack); with <paramref name="multiple"/>, every unacknowledged delivery up to it on this channel.</summary>
    /// <remarks>
    /// When every delivery below this one is already settled, the ack goes out as a multiple ack (the same thing then), so
    /// that consecutive in-order acks waiting in the writer leave as one frame.
    /// </remarks>
    public ValueTask BasicAckAsync(ulong deliveryTag, bool multiple = false, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);
        SendAcknowledgement(MethodId.BasicAck, deliveryTag, multiple, requeue: false);
        return _connection.Writer.WaitForCapacityAsync(cancellationToken);
    }

    /// <summary>Negatively acknowledges deliveries (basic.nack, a RabbitMQ extension); <paramref name="requeue"/> puts them back in the queue.</summary>
    public ValueTask BasicNackAsync(ulong deliveryTag, bool multiple = false, bool requeue = true, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);
        SendAcknowledgement(MethodId.BasicNack, deliveryTag, multiple, requeue);
        return _connection.Writer.WaitForCapacityAsync(cancellationToken);
    }

    /// <summary>Rejects one delivery (basic.reject).</summary>
    public ValueTask BasicRejectAsync(ulong deliveryTag, bool requeue, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);
        SendAcknowledgement(MethodId.BasicReject, deliveryTag, multiple: false, requeue);
        return _connection.Writer.WaitForCapacityAsync(cancellationToken);
    }

    /// <summary>Asks the broker to redeliver every unacknowledged message of this channel (basic.recover).</summary>
    public async ValueTask BasicRecoverAsync(bool requeue = true, CancellationToken cancellationToken = default)
    {
        _settled.StopTracking(); // the tags of the deliveries it gives back are never settled
        await RpcAsync(new BasicRecover(requeue), MethodId.BasicRecoverOk, 0, cancellationToken).ConfigureAwait(false);
    }

    internal async ValueTask CancelConsumerAsync(AmqpConsumer consumer, CancellationToken cancellationToken)
    {
        await RpcAsync(new BasicCancel(consumer.ConsumerTag, false), MethodId.BasicCancelOk, 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns a message's buffer to the channel's pool.</summary>
    internal void Recycle(InboundMessage message) => _connection.MessagePool.Return(message);

    /// <summary>A delivery nobody can take (consumer stopped or unknown): requeue it so it is not lost.</summary>
    internal void RejectUndeliverable(InboundMessage message)
    {
        bool autoAck = message.Consumer?.Options.AutoAck ?? false;
        if (!autoAck && IsOpen)
        {
            try
            {
                SendAcknowledgement(MethodId.BasicReject, message.DeliveryTag, multiple: false, requeue: true);
            }
            catch (AmqpException)
            {
                // Closed meanwhile: the broker requeues it itself.
            }
        }

        Recycle(message);
    }

    private async ValueTask<AmqpConsumer> StartConsumerAsync(
        string queue, Func<Delivery, CancellationToken, ValueTask>? handler, ConsumerOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        options ??= new ConsumerOptions();
        if (options.AutoAck) _settled.StopTracking(); // its delivery tags are never settled by the client
        var consumer = new AmqpConsumer(this, queue, options, handler);
        var method = new BasicConsume(queue, options.ConsumerTag ?? string.Empty, false, options.AutoAck, options.Exclusive, false, options.Arguments);
        await RpcAsync(method, MethodId.BasicConsumeOk, 0, cancellationToken, consumer).ConfigureAwait(false);
        return consumer;
    }

    private InboundMessage RentMessage() => _connection.MessagePool.Rent();

    private void AddConsumer(AmqpConsumer consumer)
    {
        lock (_consumersGate)
        {
            _consumers = [.. _consumers, consumer];
        }
    }

    private AmqpConsumer? RemoveConsumer(ReadOnlySpan<byte> consumerTag)
    {
        lock (_consumersGate)
        {
            AmqpConsumer? found = FindConsumer(consumerTag);
            if (found is not null) _consumers = Array.FindAll(_consumers, c => !ReferenceEquals(c, found));
            return found;
        }
    }

    private AmqpConsumer? FindConsumer(ReadOnlySpan<byte> consumerTag)
    {
        foreach (AmqpConsumer consumer in Volatile.Read(ref _consumers))
        {
            if (consumerTag.SequenceEqual(consumer.ConsumerTagUtf8)) return consumer;
        }

        return null;
    }

    private AmqpConsumer[] TakeAllConsumers()
    {
        lock (_consumersGate)
        {
            AmqpConsumer[] all = _consumers;
            _consumers = [];
            return all;
        }
    }

    internal int ConsumerCount => Volatile.Read(ref _consumers).Length;
}
