using System.Text;
using TypedAmqp.Messaging;
using TypedAmqp.Protocol;

namespace TypedAmqp.Amqp10;

/// <summary>
/// One AMQP 1.0 delivery as the neutral <see cref="ReceivedMessage"/> sees it. Its properties are mapped to the 0-9-1
/// shape once (<see cref="Amqp10MessageMapping.FromAmqp10"/>) and encoded as a content header, because
/// <see cref="MessageProperties"/> reads that encoding; one instance per delivery, retired when its handler returns so
/// a view kept past it fails like a recycled 0-9-1 message.
/// </summary>
internal sealed class Amqp10ReceivedMessage : IReceivedMessageSource
{
    private readonly Amqp10Subscription _subscription;
    private readonly Amqp10Delivery _delivery;
    private readonly byte[] _encodedProperties;
    private readonly byte[] _exchange;
    private readonly byte[] _routingKey;
    private int _settled;

    public Amqp10ReceivedMessage(Amqp10Subscription subscription, Amqp10Delivery delivery)
    {
        _subscription = subscription;
        _delivery = delivery;
        Amqp10Message message = delivery.Message;
        Body = Amqp10MessageMapping.BodyOf(message);
        _encodedProperties = Encode(Amqp10MessageMapping.FromAmqp10(message), Body.Length);
        _exchange = Encoding.UTF8.GetBytes(Amqp10MessageMapping.AnnotationText(message, Amqp10MessageMapping.ExchangeAnnotation) ?? "");
        _routingKey = Encoding.UTF8.GetBytes(Amqp10MessageMapping.AnnotationText(message, Amqp10MessageMapping.RoutingKeyAnnotation) ?? "");

        // 0-9-1's redelivered flag: RabbitMQ 4 clears first-acquirer on every redelivery, and counts failed ones in
        // delivery-count (on quorum queues; a classic queue's stays 0 after a modified outcome).
        Redelivered = message.Header is { } header && (header.DeliveryCount > 0 || header.FirstAcquirer == false);
        Settled = delivery.Settled;
    }

    public int Version { get; private set; }

    public ReadOnlyMemory<byte> Body { get; }

    public MessageProperties Properties => new(_encodedProperties);

    public ReadOnlySpan<byte> ExchangeUtf8 => _exchange;

    public ReadOnlySpan<byte> RoutingKeyUtf8 => _routingKey;

    public bool Redelivered { get; }

    public ulong DeliveryId => _delivery.DeliveryId;

    public string? Queue => _subscription.Queue;

    public string ServerAddress => _subscription.Messaging.ServerAddress;

    public object ServerPortTag => _subscription.Messaging.ServerPortTag;

    public bool Settled { get; private set; }

    /// <summary>Its handler returned: views of it stop working.</summary>
    public void Retire() => Version++;

    /// <summary>The neutral settlements as AMQP 1.0 outcomes (see <see cref="MessageSettlement"/>).</summary>
    public ValueTask SettleAsync(MessageSettlement settlement, CancellationToken cancellationToken)
    {
        Amqp10DeliveryState outcome = settlement switch
        {
            MessageSettlement.Accept => Amqp10DeliveryState.Accepted,
            MessageSettlement.Reject => Amqp10DeliveryState.Rejected(),
            MessageSettlement.Release => Amqp10DeliveryState.Released,
            MessageSettlement.Modify => Amqp10DeliveryState.Modified(deliveryFailed: true, undeliverableHere: false),
            _ => throw new ArgumentOutOfRangeException(nameof(settlement), settlement, "not a MessageSettlement"),
        };
        if (Interlocked.Exchange(ref _settled, 1) == 1)
        {
            throw new InvalidOperationException($"Delivery {DeliveryId} on queue '{Queue}' is already settled.");
        }

        // A delivery the broker sent settled needs nothing sent (the engine sends nothing for it either).
        Settled = true;
        return _subscription.Link.SettleAsync(_delivery, outcome, cancellationToken);
    }

    /// <summary>The property-flags word and property list, as <see cref="MessageProperties"/> reads them.</summary>
    private static byte[] Encode(BasicProperties properties, int bodyLength)
    {
        byte[] header = new byte[ContentHeaderCodec.MaxSize(properties)];
        int written = ContentHeaderCodec.Write(header, (ulong)bodyLength, properties);
        const int flagsOffset = ContentHeaderCodec.FixedSize - 2; // after class id, weight and body size
        return header.AsSpan(flagsOffset, written - flagsOffset).ToArray();
    }
}
