namespace TypedAmqp.Messaging;

/// <summary>Names of the exchange types every RabbitMQ broker has. Plugins add others (such as x-delayed-message); pass those by name.</summary>
public static class ExchangeType
{
    /// <summary>Routes on an exact routing-key match.</summary>
    public const string Direct = "direct";
    /// <summary>Routes to every bound queue, ignoring the routing key.</summary>
    public const string Fanout = "fanout";
    /// <summary>Routes on dot-separated routing-key patterns with * and #.</summary>
    public const string Topic = "topic";
    /// <summary>Routes on message headers (x-match all or any).</summary>
    public const string Headers = "headers";
}
