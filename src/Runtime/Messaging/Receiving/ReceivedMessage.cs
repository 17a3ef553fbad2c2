using System.Text;

namespace TypedAmqp.Messaging;

/// <summary>
/// A message received by a subscription, whatever the protocol it came by: body, properties, application headers,
/// where it was published, and its settlement. A view over a pooled buffer: valid while its handler runs; using it
/// afterwards throws <see cref="ObjectDisposedException"/>, so copy what must outlive it.
/// </summary>
/// <remarks>
/// Settling maps to AMQP 0-9-1 as <see cref="MessageSettlement"/> documents. The raw AMQP 0-9-1 <see cref="Amqp091.Delivery"/>
/// converts to this view implicitly.
/// </remarks>
public readonly struct ReceivedMessage
{
    private readonly IReceivedMessageSource? _source;
    private readonly int _version;

    internal ReceivedMessage(IReceivedMessageSource? source, int version)
    {
        _source = source;
        _version = version;
    }

    /// <summary>The message body, read in place from the pooled buffer.</summary>
    public ReadOnlyMemory<byte> Body => Source.Body;

    /// <summary>The message's properties (content type, message id, correlation id, type, timestamp, headers...), decoded on demand.</summary>
    public MessageProperties Properties => Source.Properties;

    /// <summary>Application headers, or null (allocates the table; see <see cref="MessageProperties.Headers"/>).</summary>
    public Dictionary<string, object?>? Headers => Source.Properties.Headers;

    /// <summary>The exchange the message was published to (allocates a string; see <see cref="ExchangeUtf8"/>).</summary>
    public string Exchange => Encoding.UTF8.GetString(Source.ExchangeUtf8);

    /// <summary>The routing key the message was published with (allocates a string; see <see cref="RoutingKeyUtf8"/>).</summary>
    public string RoutingKey => Encoding.UTF8.GetString(Source.RoutingKeyUtf8);

    /// <summary>The exchange name as UTF-8 bytes, without allocating.</summary>
    public ReadOnlySpan<byte> ExchangeUtf8 => Source.ExchangeUtf8;

    /// <summary>The routing key as UTF-8 bytes, without allocating.</summary>
    public ReadOnlySpan<byte> RoutingKeyUtf8 => Source.RoutingKeyUtf8;

    /// <summary>True when the broker delivered this message before.</summary>
    public bool Redelivered => Source.Redelivered;

    /// <summary>
    /// How many earlier deliveries of this message failed, when the broker says (AMQP 1.0: the header's delivery-count;
    /// AMQP 0-9-1: RabbitMQ's x-delivery-count header, which quorum queues set); null when it does not. Poison
    /// protection (<see cref="DispatchPolicy.MaxDeliveryCount"/>) reads this.
    /// </summary>
    public long? DeliveryCount => Source.DeliveryCount;

    /// <summary>The transport's number for this delivery (AMQP 0-9-1: the channel's delivery tag), for logs.</summary>
    public ulong DeliveryId => Source.DeliveryId;

    /// <summary>The queue it was received from, or null.</summary>
    public string? Queue => Source.Queue;

    /// <summary>Whether the message was already settled through this view (or the delivery it came from).</summary>
    public bool IsSettled => Source.Settled;

    /// <summary>Settles the message: see <see cref="MessageSettlement"/> for what each outcome means and its AMQP 0-9-1 mapping.</summary>
    public ValueTask SettleAsync(MessageSettlement settlement, CancellationToken cancellationToken = default) => Source.SettleAsync(settlement, cancellationToken);

    /// <summary>Accepts the message (<see cref="MessageSettlement.Accept"/>).</summary>
    public ValueTask AcceptAsync(CancellationToken cancellationToken = default) => Source.SettleAsync(MessageSettlement.Accept, cancellationToken);

    /// <summary>Rejects the message for good (<see cref="MessageSettlement.Reject"/>): dead-lettered, if the queue has a dead-letter exchange.</summary>
    public ValueTask RejectAsync(CancellationToken cancellationToken = default) => Source.SettleAsync(MessageSettlement.Reject, cancellationToken);

    /// <summary>Gives the message back to be delivered again (<see cref="MessageSettlement.Release"/>).</summary>
    public ValueTask ReleaseAsync(CancellationToken cancellationToken = default) => Source.SettleAsync(MessageSettlement.Release, cancellationToken);

    /// <summary>Gives the message back as failed, to be delivered again and counted (<see cref="MessageSettlement.Modify"/>).</summary>
    public ValueTask ModifyAsync(CancellationToken cancellationToken = default) => Source.SettleAsync(MessageSettlement.Modify, cancellationToken);

    internal IReceivedMessageSource Source
    {
        get
        {
            IReceivedMessageSource? source = _source;
            if (source is null || source.Version != _version)
            {
                throw new ObjectDisposedException(nameof(ReceivedMessage), "This message was recycled: it is only valid while its handler runs. Copy the body or properties you need to keep.");
            }

            return source;
        }
    }
}
