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

    public static string Queue(string queue) => $"/queues/{Encode(queue)}";

    public static string Exchange(string exchange) => $"/exchanges/{Encode(exchange)}";

    /// <summary>
    /// The queue name in a reply-to: a <c>/queues/{name}</c> address gives its decoded name, anything else is taken as
    /// a queue name already (what a 0-9-1 requester puts there).
    /// </summary>
    public static string ReplyAddress(string replyTo) =>
        replyTo.StartsWith('/') ? replyTo : Queue(replyTo);

    private static string Encode(string segment) => Uri.EscapeDataString(segment);
}
