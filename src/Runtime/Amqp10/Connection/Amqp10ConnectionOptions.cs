
namespace TypedAmqp.Amqp10;

/// <summary>Where and how an <see cref="Amqp10Connection"/> connects (plain TCP only in this step).</summary>
internal sealed class Amqp10ConnectionOptions
{
    public required string Host { get; init; }

    public int Port { get; init; } = 5672;

    /// <summary>With a user name the mechanism is PLAIN (unless <see cref="SaslMechanism"/> says otherwise); without, ANONYMOUS.</summary>
    public string? UserName { get; init; }

    public string? Password { get; init; }

    /// <summary>PLAIN or ANONYMOUS; null chooses by whether <see cref="UserName"/> is set.</summary>
    public string? SaslMechanism { get; init; }

    /// <summary>
    /// Whether PLAIN may send the password over an unencrypted connection (like Proton's allow_insecure_mechs). Off by
    /// default; every connection in this step is plain TCP, so PLAIN needs it.
    /// </summary>
    public bool AllowInsecureMechanisms { get; init; }

    /// <summary>The open's hostname: the virtual host to reach (RabbitMQ takes <c>vhost:NAME</c>); null sends <see cref="Host"/>.</summary>
    public string? VirtualHost { get; init; }

    public string ContainerId { get; init; } = $"typedamqp-{Guid.NewGuid():N}";

    /// <summary>The largest frame this side accepts and sends (at least 512).</summary>
    public uint MaxFrameSize { get; init; } = 64 * 1024;

    public ushort ChannelMax { get; init; } = 255;

    /// <summary>How long the peer may stay silent before the connection is closed; the peer is asked to send at least twice as often. Zero disables it.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long connecting, SASL and open may take together.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The endpoint as exceptions name it: never the password.</summary>
    public string Endpoint => $"amqp://{Host}:{Port}";

    internal string Mechanism => SaslMechanism ?? (UserName is null ? "ANONYMOUS" : "PLAIN");
}
