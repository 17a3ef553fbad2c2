using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp10;

/// <summary>
/// RabbitMQ 4's AMQP 1.0 addresses ("address v2"): <c>/exchanges/{exchange}/{routing-key}</c> and
/// <c>/queues/{queue}</c>, each name percent-encoded (RFC 3986: everything but letters, digits and <c>-._~</c>), so a
/// routing key such as <c>order.placed/eu</c> or a name with spaces stays one path segment.
/// </summary>
internal static class Amqp10Addresses
{
    /// <summary>The management node (HTTP over AMQP requests for exchanges, queues and bindings).</summary>
    public const string Management = "/management";

    /// <summary>
    /// Where a publish to <paramref name="exchange"/> with <paramref name="routingKey"/> goes: the default exchange ("")
    /// is no exchange in address v2 (it only routes to the queue named by the key), so it is that queue's address;
    /// an empty routing key is the exchange's address alone.
    /// </summary>
    public static string Publish(string exchange, string routingKey)
    {
        if (exchange.Length == 0) return Queue(routingKey);
        return routingKey.Length == 0
            ? $"/exchanges/{Encode(exchange)}"
            : $"/exchanges/{Encode(exchange)}/{Encode(routingKey)}";
    }

    /// <summary>The address of a neutral <paramref name="address"/>: an exchange's or a queue's as above, a bare AMQP 1.0 address as it is.</summary>
    public static string Of(MessageAddress address)
    {
        address.ThrowIfNone(nameof(address));
        return address.Kind switch
        {
            MessageAddressKind.Exchange => Publish(address.Name, address.RoutingKey),
            MessageAddressKind.Queue => Queue(address.Name),
            _ => address.Name, // a bare AMQP 1.0 address, as it is
        };
    }

    public static string Queue(string queue) => $"/queues/{Encode(queue)}";

    public static string Exchange(string exchange) => $"/exchanges/{Encode(exchange)}";

    /// <summary>
    /// The queue name in a reply-to: a <c>/queues/{name}</c> address gives its decoded name, anything else is taken as
    /// a queue name already (what a 0-9-1 requester puts there).
    /// </summary>
    public static string ReplyAddress(string replyTo) => Of(ReplyDestination(replyTo));

    /// <summary>A reply-to as a neutral address: an AMQP 1.0 address when it is one, else a queue's name.</summary>
    public static MessageAddress ReplyDestination(string replyTo) =>
        replyTo.StartsWith('/') ? MessageAddress.Amqp10(replyTo) : MessageAddress.Queue(replyTo);

    private static string Encode(string segment) => Uri.EscapeDataString(segment);
}
