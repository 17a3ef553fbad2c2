using System.Net;
using System.Net.Security;
using Microsoft.Extensions.Logging;

namespace TypedAmqp.Amqp10;

/// <summary>Where and how an AMQP 1.0 connection connects: the endpoint, TLS, SASL and the open's limits.</summary>
/// <remarks>
/// Nothing here is ever written into an exception or a log but the endpoint (scheme, host and port) and the user
/// name; the password never is.
/// </remarks>
public sealed class Amqp10ConnectionOptions
{
    /// <summary>The host name or address to connect to; with TLS also the default name the server certificate must carry.</summary>
    public required string Host { get; init; }

    /// <summary>The TCP port (5672 plain, usually 5671 for TLS).</summary>
    public int Port { get; init; } = 5672;

    /// <summary>
    /// TLS (amqps) settings; null connects over plain TCP. The server certificate is validated by default (the system's
    /// trust store; <see cref="SslClientAuthenticationOptions.CertificateChainPolicy"/> trusts a private CA), the
    /// target host (SNI and the name checked against the certificate) defaults to <see cref="Host"/>, and
    /// <see cref="SslClientAuthenticationOptions.ClientCertificates"/> supplies a client certificate (for SASL EXTERNAL).
    /// The object is copied when connecting, never changed.
    /// </summary>
    public SslClientAuthenticationOptions? Tls { get; init; }

    /// <summary>With a user name the mechanism is PLAIN (unless <see cref="SaslMechanism"/> says otherwise); without, ANONYMOUS.</summary>
    public string? UserName { get; init; }

    /// <summary>PLAIN's password; never shown in exceptions or logs.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// PLAIN, ANONYMOUS or EXTERNAL (the identity of the TLS client certificate; needs <see cref="Tls"/> with a client
    /// certificate); null chooses by whether <see cref="UserName"/> is set.
    /// </summary>
    public string? SaslMechanism { get; init; }

    /// <summary>
    /// Whether PLAIN may send the password over an unencrypted connection (like Proton's allow_insecure_mechs). Off by
    /// default: PLAIN over plain TCP is refused before anything is sent; over TLS it needs nothing.
    /// </summary>
    public bool AllowInsecureMechanisms { get; init; }

    /// <summary>The open's hostname: the virtual host to reach (RabbitMQ takes <c>vhost:NAME</c>); null sends <see cref="Host"/>.</summary>
    public string? VirtualHost { get; init; }

    /// <summary>This side's container id, unique by default; peers use it to tell clients apart.</summary>
    public string ContainerId { get; init; } = $"typedamqp-{Guid.NewGuid():N}";

    /// <summary>The largest frame this side accepts and sends (at least 512).</summary>
    public uint MaxFrameSize { get; init; } = 64 * 1024;

    /// <summary>The highest channel number (so the most sessions, less one) this side uses at once.</summary>
    public ushort ChannelMax { get; init; } = 255;

    /// <summary>How long the peer may stay silent before the connection is closed; the open asks it to send at least twice as often. Zero disables it.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long connecting, TLS, SASL and open may take together; with <c>Amqp10Client</c>, also how long the
    /// peer may take to answer the begin and attach of each sender and receiver.
    /// </summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long disposing waits for the peer's answer: to the close of an <c>Amqp10Client</c>, and to the detach and end
    /// of a sender or receiver disposed alone. A peer that does not answer in time is left; the socket, or the link, is
    /// released all the same. Positive, or <see cref="Timeout.InfiniteTimeSpan"/> to wait for the answer however long it takes.
    /// </summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How an <c>Amqp10Client</c> reconnects after losing the connection, and where else it may go; null (the
    /// default) does not reconnect: a lost connection stops every sender and receiver.
    /// </summary>
    public Amqp10ReconnectOptions? Reconnect { get; init; }

    /// <summary>Where an <c>Amqp10Client</c> logs losing, regaining and giving up its connection; null logs nothing.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>The endpoint as exceptions name it, <c>amqp://host:port</c> or <c>amqps://host:port</c>: never a credential.</summary>
    public string Endpoint => $"{(Tls is null ? "amqp" : "amqps")}://{Host}:{Port}";

    /// <summary>Host and port, as the TLS exceptions (shared with the 0-9-1 client) name the endpoint.</summary>
    internal string HostAndPort => $"{Host}:{Port}";

    /// <summary>These options with another host and port (a failover endpoint), everything else the same.</summary>
    internal Amqp10ConnectionOptions At(DnsEndPoint endpoint) => new()
    {
        Host = endpoint.Host,
        Port = endpoint.Port,
        Tls = Tls,
        UserName = UserName,
        Password = Password,
        SaslMechanism = SaslMechanism,
        AllowInsecureMechanisms = AllowInsecureMechanisms,
        VirtualHost = VirtualHost,
        ContainerId = ContainerId,
        MaxFrameSize = MaxFrameSize,
        ChannelMax = ChannelMax,
        IdleTimeout = IdleTimeout,
        HandshakeTimeout = HandshakeTimeout,
        CloseTimeout = CloseTimeout,
        Reconnect = Reconnect,
        Logger = Logger,
    };

    internal string Mechanism => SaslMechanism ?? (UserName is null ? "ANONYMOUS" : "PLAIN");
}
