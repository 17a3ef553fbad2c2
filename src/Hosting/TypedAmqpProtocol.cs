namespace TypedAmqp.Hosting;

/// <summary>The protocol the host speaks to the broker (<c>TypedAmqp:Protocol</c>).</summary>
public enum TypedAmqpProtocol
{
    /// <summary>AMQP 0-9-1, with connection, topology and consumer recovery (the default; any RabbitMQ).</summary>
    Amqp091,

    /// <summary>
    /// AMQP 1.0, RabbitMQ 4's native protocol, with connection, topology and consumer recovery (a publish lost with the
    /// connection is not sent again); endpoint lists are not supported yet (docs/hosting.md).
    /// </summary>
    Amqp10,
}
