namespace TypedAmqp.Amqp091;

/// <summary>A message the broker returned with basic.return (an unroutable mandatory publish). Owns copies of its data.</summary>
public sealed class ReturnedMessage
{
    internal ReturnedMessage(ushort replyCode, string replyText, string exchange, string routingKey, BasicProperties properties, ReadOnlyMemory<byte> body)
    {
        ReplyCode = replyCode;
        ReplyText = replyText;
        Exchange = exchange;
        RoutingKey = routingKey;
        Properties = properties;
        Body = body;
    }

    /// <summary>Why it was returned, usually 312 (NO_ROUTE).</summary>
    public ushort ReplyCode { get; }

    /// <summary>The broker's explanation, such as "NO_ROUTE".</summary>
    public string ReplyText { get; }

    /// <summary>The exchange it was published to.</summary>
    public string Exchange { get; }

    /// <summary>The routing key it was published with.</summary>
    public string RoutingKey { get; }

    /// <summary>Its properties.</summary>
    public BasicProperties Properties { get; }

    /// <summary>Its body.</summary>
    public ReadOnlyMemory<byte> Body { get; }
}
