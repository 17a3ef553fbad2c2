using System.Text;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp10;

/// <summary>
/// One AMQP 1.0 delivery as the neutral <see cref="ReceivedMessage"/> sees it. Its properties are mapped once to what a
/// 0-9-1 consumer of the same message would see (<see cref="Amqp10MessageMapping.FromAmqp10"/>), and it is its own
/// <see cref="MessagePropertiesReader"/> over them; one instance per delivery, retired when its handler returns so a
/// view kept past it fails like a recycled 0-9-1 message.
/// </summary>
internal sealed class Amqp10ReceivedMessage : MessagePropertiesReader, IReceivedMessageSource
{
    private readonly Amqp10Subscription _subscription;
    private readonly Amqp10Delivery _delivery;
    private readonly MessagePropertyValues _properties;
    private readonly byte[]?[] _utf8 = new byte[]?[Enum.GetValues<MessageProperty>().Length]; // each text property's UTF-8, made when first asked for
    private readonly byte[] _exchange;
    private readonly byte[] _routingKey;
    private int _settled;

    public Amqp10ReceivedMessage(Amqp10Subscription subscription, Amqp10Delivery delivery)
    {
        _subscription = subscription;
        _delivery = delivery;
        Amqp10Message message = delivery.Message;
        Body = Amqp10MessageMapping.BodyOf(message);
        _properties = Amqp10MessageMapping.FromAmqp10(message);
        _exchange = Encoding.UTF8.GetBytes(Amqp10MessageMapping.AnnotationText(message, Amqp10MessageMapping.ExchangeAnnotation) ?? "");
        _routingKey = Encoding.UTF8.GetBytes(Amqp10MessageMapping.AnnotationText(message, Amqp10MessageMapping.RoutingKeyAnnotation) ?? "");

        // 0-9-1's redelivered flag: RabbitMQ 4 clears first-acquirer on every redelivery, and counts failed ones in
        // delivery-count (on quorum queues; a classic queue's stays 0 after a modified outcome).
        Redelivered = message.Header is { } header && (header.DeliveryCount > 0 || header.FirstAcquirer == false);
        Settled = delivery.Settled;
    }

    public int Version { get; private set; }

    public ReadOnlyMemory<byte> Body { get; }

    public MessageProperties Properties => new(this, default);

    /// <summary>The header's delivery-count: failed earlier deliveries (RabbitMQ 4 counts them on quorum queues).</summary>
    public long? DeliveryCount => _delivery.Message.Header?.DeliveryCount;

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

    public override string? GetString(ReadOnlyMemory<byte> encoded, MessageProperty property) => property switch
    {
        MessageProperty.ContentType => _properties.ContentType,
        MessageProperty.ContentEncoding => _properties.ContentEncoding,
        MessageProperty.MessageId => _properties.MessageId,
        MessageProperty.CorrelationId => _properties.CorrelationId,
        MessageProperty.ReplyTo => _properties.ReplyTo,
        MessageProperty.Type => _properties.Type,
        MessageProperty.UserId => _properties.UserId,
        MessageProperty.AppId => _properties.AppId,
        _ => throw new ArgumentOutOfRangeException(nameof(property), property, null),
    };

    public override ReadOnlySpan<byte> GetUtf8(ReadOnlyMemory<byte> encoded, MessageProperty property) =>
        GetString(encoded, property) is { } text ? _utf8[(int)property] ??= Encoding.UTF8.GetBytes(text) : default;

    /// <summary>A new dictionary on each call, as the 0-9-1 reader decodes one.</summary>
    public override Dictionary<string, object?>? GetHeaders(ReadOnlyMemory<byte> encoded) =>
        _properties.Headers is { } headers ? new Dictionary<string, object?>(headers) : null;

    // The engine decoded the application properties already: anything unreadable failed the delivery there.
    public override string? ValidateHeaders(ReadOnlyMemory<byte> encoded) => null;

    public override bool? GetPersistent(ReadOnlyMemory<byte> encoded) => _properties.Persistent;

    public override byte? GetPriority(ReadOnlyMemory<byte> encoded) => _properties.Priority;

    public override DateTimeOffset? GetTimestamp(ReadOnlyMemory<byte> encoded) => _properties.Timestamp;

    public override TimeSpan? GetTimeToLive(ReadOnlyMemory<byte> encoded) => _properties.TimeToLive;
}
