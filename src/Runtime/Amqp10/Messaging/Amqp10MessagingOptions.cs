using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp10;

/// <summary>Where and how <see cref="Amqp10Messaging"/> connects: a RabbitMQ 4 node's AMQP port, which speaks AMQP 1.0 natively.</summary>
public sealed class Amqp10MessagingOptions
{
    /// <summary>The broker's host name or address.</summary>
    public required string Host { get; init; }

    /// <summary>The AMQP port (RabbitMQ serves 0-9-1 and 1.0 on the same one).</summary>
    public int Port { get; init; } = 5672;

    /// <summary>The user for SASL PLAIN; null connects with ANONYMOUS.</summary>
    public string? UserName { get; init; }

    /// <summary>The password for SASL PLAIN.</summary>
    public string? Password { get; init; }

    /// <summary>The virtual host (sent as <c>vhost:{name}</c>, RabbitMQ's form of the open's hostname).</summary>
    public string VirtualHost { get; init; } = "/";

    /// <summary>
    /// Allows SASL PLAIN over plain TCP, which sends the password readable on the wire. There is no TLS for AMQP 1.0
    /// yet, so PLAIN needs this; meant for loopback and private networks.
    /// </summary>
    public bool AllowPlainWithoutTls { get; init; }

    /// <summary>The container id this side announces; a new one by default.</summary>
    public string? ContainerId { get; init; }
}
