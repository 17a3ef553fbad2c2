using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp091;

/// <summary>Deliveries received together by <see cref="AmqpConsumer.ReceiveBatchAsync"/>; valid until disposed.</summary>
public sealed class DeliveryBatch : IDisposable
{
    private readonly AmqpChannel _channel;
    private readonly List<InboundMessage> _messages;
    private bool _disposed;

    internal DeliveryBatch(AmqpChannel channel, int capacity)
    {
        _channel = channel;
        _messages = new List<InboundMessage>(Math.Min(capacity, 1024));
    }

    /// <summary>How many deliveries the batch holds.</summary>
    public int Count => _messages.Count;

    /// <summary>The delivery at <paramref name="index"/>.</summary>
    public Delivery this[int index]
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return new Delivery(_messages[index]);
        }
    }

    /// <summary>The delivery tag of the last message, to acknowledge the whole batch with one multiple ack.</summary>
    public ulong LastDeliveryTag => _messages.Count == 0 ? 0 : _messages[^1].DeliveryTag;

    /// <summary>
    /// Acknowledges every delivery of the batch: with one basic.ack (multiple) when this consumer is alone on its
    /// channel, otherwise one by one, so that other consumers' unhandled deliveries are never acknowledged with it.
    /// </summary>
    public async ValueTask AckAllAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_messages.Count == 0) return;
        foreach (InboundMessage message in _messages) message.Settled = true;
        if (_channel.ConsumerCount <= 1)
        {
            await _channel.BasicAckAsync(LastDeliveryTag, multiple: true, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (InboundMessage message in _messages)
        {
            await _channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Releases the buffers of the deliveries.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (InboundMessage message in _messages) _channel.Recycle(message);
        _messages.Clear();
    }

    internal void Add(InboundMessage message) => _messages.Add(message);
}
