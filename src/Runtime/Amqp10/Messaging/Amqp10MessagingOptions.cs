using System.Net.Security;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp10;

/// <summary>Where and how <see cref="Amqp10Messaging"/> connects: a RabbitMQ 4 node's AMQP port, which speaks AMQP 1.0 natively.</summary>
public sealed class Amqp10MessagingOptions
{
    /// <summary>The broker's host name or address.</summary>
    public required string Host { get; init; }

    /// <summary>The AMQP port (RabbitMQ serves 0-9-1 and 1.0 on the same one: 5672 plain, usually 5671 with TLS).</summary>
    public int Port { get; init; } = 5672;

    /// <summary>
    /// The brokers to try, such as the nodes of a cluster, at every connect and so at every recovery: in order (or as
    /// <see cref="EndpointOrder"/> says) until one accepts; an unreachable one, or one that times out, moves on to the
    /// next, while refused credentials end the attempt. An endpoint without a port uses <see cref="Port"/>. Empty (the
    /// default): <see cref="Host"/> and <see cref="Port"/>. Every other setting applies to each.
    /// </summary>
    public IReadOnlyList<AmqpEndpoint> Endpoints { get; init; } = [];

    /// <summary>Whether <see cref="Endpoints"/> are tried as listed (default) or shuffled at every connect.</summary>
    public EndpointOrder EndpointOrder { get; init; } = EndpointOrder.InOrder;

    /// <summary>
    /// Called at every connect, and so at every recovery, for the endpoints to try, instead of <see cref="Endpoints"/>:
    /// the hook for discovery through DNS or a registry. It must return at least one endpoint.
    /// </summary>
    public Func<CancellationToken, ValueTask<IReadOnlyList<AmqpEndpoint>>>? EndpointResolver { get; init; }

    /// <summary>
    /// TLS (amqps) settings; null connects over plain TCP. The server certificate is validated by default, the target
    /// host defaults to the host connected to (<see cref="Host"/>, or the endpoint's), and a client certificate may be
    /// given. The object is never changed.
    /// </summary>
    public SslClientAuthenticationOptions? Tls { get; init; }

    /// <summary>The user for SASL PLAIN; null connects with ANONYMOUS.</summary>
    public string? UserName { get; init; }

    /// <summary>The password for SASL PLAIN.</summary>
    public string? Password { get; init; }

    /// <summary>The virtual host (sent as <c>vhost:{name}</c>, RabbitMQ's form of the open's hostname).</summary>
    public string VirtualHost { get; init; } = "/";

    /// <summary>
    /// Allows SASL PLAIN without <see cref="Tls"/>, which sends the password readable on the wire; meant for loopback
    /// and private networks. Without it, PLAIN over plain TCP is refused before anything is sent.
    /// </summary>
    public bool AllowPlainWithoutTls { get; init; }

    /// <summary>How long the broker may stay silent before the connection is closed as dead; it is asked to send at least twice as often. Zero disables it.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The largest message body to publish, in bytes, checked before anything is sent (an
    /// <see cref="AmqpMessageTooLargeException"/>); null, the default, leaves the limit to the broker's max-message-size,
    /// which RabbitMQ 4 announces on each link and which is checked before sending too.
    /// </summary>
    public int? MaxMessageSize { get; init; }

    /// <summary>
    /// Whether typed publishes wait for the broker's outcome (the default). Off, they are sent settled and complete once
    /// written: faster, but a message the broker drops, or that no queue takes, goes unnoticed. Requests, replies and
    /// dead-letter republishes still wait for theirs.
    /// </summary>
    public bool PublisherConfirms { get; init; } = true;

    /// <summary>
    /// How many publishes may wait for their outcome at once before further ones wait for a place; null or 0, the
    /// default, leaves the bound to the broker's link credit. A publish whose caller cancels it frees its place at
    /// once, even when it was written and its outcome is still to come.
    /// </summary>
    public int? MaxUnconfirmedPublishes { get; init; }

    /// <summary>How long connecting, TLS, SASL and open may take together (30 seconds by default).</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long closing waits for the broker's answer to the close of the connection, a session or a link (5 seconds by
    /// default); the socket or the link is released all the same. Positive, or <see cref="Timeout.InfiniteTimeSpan"/>.
    /// </summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The container id this side announces; a new one by default.</summary>
    public string? ContainerId { get; init; }

    /// <summary>
    /// How <see cref="Amqp10MessagingTransport"/> reconnects after losing the connection (back-off, how long a publish
    /// waits, how long a step may take); null, the default, does not reconnect: a lost connection stops the transport.
    /// With <see cref="RecoveryOptions.ResendUnconfirmedPublishes"/> (and <see cref="PublisherConfirms"/>), a typed publish
    /// lost with the connection is sent again, with the same message id, on the recovered one.
    /// </summary>
    public RecoveryOptions? Recovery { get; init; }
}
