
namespace TypedAmqp.Messaging;

/// <summary>
/// What a transport's received message gives the neutral <see cref="ReceivedMessage"/> view: the AMQP 0-9-1
/// channel's pooled <c>InboundMessage</c>, or an AMQP 1.0 delivery (<c>Amqp10ReceivedMessage</c>). <see cref="Version"/> changes each time the source is recycled, so a
/// view kept past its message's life is detected.
/// </summary>
internal interface IReceivedMessageSource
{
    int Version { get; }

    ReadOnlyMemory<byte> Body { get; }

    MessageProperties Properties { get; }

    ReadOnlySpan<byte> ExchangeUtf8 { get; }

    ReadOnlySpan<byte> RoutingKeyUtf8 { get; }

    bool Redelivered { get; }

    /// <summary>How many earlier deliveries of this message failed, when the transport knows; null when it does not.</summary>
    long? DeliveryCount { get; }

    /// <summary>The transport's number for the delivery (0-9-1: the delivery tag), for logs and telemetry.</summary>
    ulong DeliveryId { get; }

    /// <summary>The queue (subscription) it was received from; null when it was not a subscription's.</summary>
    string? Queue { get; }

    /// <summary>The broker's host, as the connection was given it (telemetry's <c>server.address</c>).</summary>
    string ServerAddress { get; }

    /// <summary>The broker's port, boxed once per connection (telemetry's <c>server.port</c>).</summary>
    object ServerPortTag { get; }

    bool Settled { get; }

    ValueTask SettleAsync(MessageSettlement settlement, CancellationToken cancellationToken);
}
