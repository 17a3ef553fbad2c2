using System.Text;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp091;

/// <summary>
/// A message delivered to a consumer. It is a view over a pooled buffer: it is valid while the handler runs (or,
/// with <see cref="AmqpConsumer.ReadAllAsync"/>, until the next item is requested; with a batch, until the batch
/// is disposed). Using it afterwards throws <see cref="ObjectDisposedException"/>; copy what must outlive it.
/// </summary>
public readonly struct Delivery
{
    private readonly InboundMessage _message;
    private readonly int _version;

    internal Delivery(InboundMessage message)
    {
        _message = message;
        _version = message.Version;
    }

    /// <summary>The channel-scoped tag used to ack, nack or reject the message.</summary>
    public ulong DeliveryTag => Message.DeliveryTag;

    /// <summary>True when the broker delivered this message before (it was requeued).</summary>
    public bool Redelivered => Message.Redelivered;

    /// <summary>The exchange the message was published to (allocates a string; see <see cref="ExchangeUtf8"/>).</summary>
    public string Exchange => Encoding.UTF8.GetString(Message.ExchangeUtf8);

    /// <summary>The routing key the message was published with (allocates a string; see <see cref="RoutingKeyUtf8"/>).</summary>
    public string RoutingKey => Encoding.UTF8.GetString(Message.RoutingKeyUtf8);

    /// <summary>The exchange name as UTF-8 bytes, without allocating.</summary>
    public ReadOnlySpan<byte> ExchangeUtf8 => Message.ExchangeUtf8;

    /// <summary>The routing key as UTF-8 bytes, without allocating.</summary>
    public ReadOnlySpan<byte> RoutingKeyUtf8 => Message.RoutingKeyUtf8;

    /// <summary>The message's basic properties, decoded on demand.</summary>
    public MessageProperties Properties => ContentHeaderProperties.Of(Message.EncodedProperties);

    /// <summary>The message body, read in place from the pooled buffer.</summary>
    public ReadOnlyMemory<byte> Body => Message.Body;

    /// <summary>The consumer this delivery is for, or null for a message fetched with basic.get.</summary>
    public AmqpConsumer? Consumer => Message.Consumer;

    /// <summary>The channel the message arrived on; acks must go to this channel.</summary>
    public AmqpChannel Channel => Message.Channel!;

    /// <summary>Whether the message was already acked, nacked or rejected through this delivery.</summary>
    public bool IsSettled => Message.Settled;

    private InboundMessage Message
    {
        get
        {
            InboundMessage? message = _message;
            if (message is null || message.Version != _version)
            {
                throw new ObjectDisposedException(nameof(Delivery), "This delivery was recycled: it is only valid while its handler runs or until the next one is read. Copy the body or properties you need to keep.");
            }

            return message;
        }
    }

    /// <summary>The protocol-neutral view of this delivery, which typed dispatchers take.</summary>
    public static implicit operator ReceivedMessage(Delivery delivery) => new(delivery._message, delivery._version);

    /// <summary>Acknowledges the message (basic.ack).</summary>
    public ValueTask AckAsync(CancellationToken cancellationToken = default)
    {
        InboundMessage message = Message;
        message.Settled = true;
        return message.Channel!.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
    }

    /// <summary>Negatively acknowledges the message (basic.nack); with <paramref name="requeue"/> false it goes to the dead-letter exchange, if any.</summary>
    public ValueTask NackAsync(bool requeue, CancellationToken cancellationToken = default)
    {
        InboundMessage message = Message;
        message.Settled = true;
        return message.Channel!.BasicNackAsync(message.DeliveryTag, multiple: false, requeue, cancellationToken);
    }

    /// <summary>Rejects the message (basic.reject).</summary>
    public ValueTask RejectAsync(bool requeue, CancellationToken cancellationToken = default)
    {
        InboundMessage message = Message;
        message.Settled = true;
        return message.Channel!.BasicRejectAsync(message.DeliveryTag, requeue, cancellationToken);
    }
}
