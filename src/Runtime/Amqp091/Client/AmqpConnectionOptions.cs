using System.Globalization;
using System.Net.Security;
using System.Text;
using TypedAmqp.Messaging;

namespace TypedAmqp.Amqp091;

/// <summary>
/// Where and how to connect. Usually made from a RabbitMQ URI with <see cref="Parse"/>:
/// <c>amqp[s]://user:pass@host:port/vhost?heartbeat=30&amp;frame_max=131072&amp;channel_max=2047&amp;connection_timeout=10000</c>.
/// </summary>
public sealed class AmqpConnectionOptions
{
    /// <summary>Host name or address of the broker.</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>TCP port; 5672 for amqp and 5671 for amqps when not set.</summary>
    public int? Port { get; set; }

    /// <summary>Whether to wrap the socket in TLS (amqps).</summary>
    public bool UseTls { get; set; }

    /// <summary>User name for SASL PLAIN.</summary>
    public string UserName { get; set; } = "guest";

    /// <summary>Password for SASL PLAIN. Never written to logs or exception messages.</summary>
    public string Password { get; set; } = "guest";

    /// <summary>The virtual host to open; "/" by default.</summary>
    public string VirtualHost { get; set; } = "/";

    /// <summary>Heartbeat interval to propose; the smaller non-zero of this and the broker's wins. Zero disables heartbeats.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest frame to propose, in bytes; 0 accepts the broker's value.</summary>
    public uint FrameMax { get; set; } = Protocol.FrameConstants.DefaultFrameMax;

    /// <summary>Most channels to propose; 0 accepts the broker's value.</summary>
    public ushort ChannelMax { get; set; } = 2047;

    /// <summary>RabbitMQ's default max_message_size: 128 MiB.</summary>
    public const int DefaultMaxMessageSize = 128 * 1024 * 1024;

    /// <summary>
    /// The largest message body this client publishes, in bytes; a larger one is refused with
    /// <see cref="AmqpMessageTooLargeException"/> before anything of it is sent. The default matches RabbitMQ's default
    /// max_message_size (128 MiB), past which the broker would close the channel anyway; set it to the broker's value.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public int MaxMessageSize
    {
        get => _maxMessageSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _maxMessageSize = value;
        }
    }

    private int _maxMessageSize = DefaultMaxMessageSize;

    /// <summary>
    /// The default of <see cref="AmqpChannel.MaxUnconfirmedPublishes"/> for this connection's channels: how many
    /// publishes one channel may have waiting for their confirm before further publishes wait (10,000; about a
    /// megabyte of bookkeeping). 0 for no limit.
    /// </summary>
    public int MaxUnconfirmedPublishes
    {
        get => _maxUnconfirmedPublishes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxUnconfirmedPublishes = value;
        }
    }

    private int _maxUnconfirmedPublishes = 10_000;

    /// <summary>How long connecting (TCP, TLS and the AMQP handshake) may take.</summary>
    public TimeSpan ConnectionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A name shown in the broker's management UI and logs (client property connection_name).</summary>
    public string? ClientName { get; set; }

    /// <summary>The SASL mechanism; <see cref="SaslMechanism.External"/> needs a client certificate in <see cref="TlsOptions"/>.</summary>
    public SaslMechanism Mechanism { get; set; } = SaslMechanism.Plain;

    /// <summary>
    /// TLS settings for amqps. When null, the server certificate is validated against the system's trust store for
    /// <see cref="Host"/>; set <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/> or
    /// client certificates here.
    /// </summary>
    public SslClientAuthenticationOptions? TlsOptions { get; set; }

    /// <summary>
    /// The brokers to try, such as the nodes of a cluster, at every connect: in order (or as <see cref="EndpointOrder"/>
    /// says) until one accepts; a refused or unreachable one, or one that times out, moves on to the next. Empty (the
    /// default): <see cref="Host"/> and <see cref="Port"/>. User, virtual host, TLS and the other settings apply to each.
    /// </summary>
    public IList<AmqpEndpoint> Endpoints { get; } = new List<AmqpEndpoint>();

    /// <summary>Whether <see cref="Endpoints"/> are tried as listed (default) or shuffled at every connect.</summary>
    public EndpointOrder EndpointOrder { get; set; } = EndpointOrder.InOrder;

    /// <summary>
    /// Called at every connect, and so at every recovery, for the endpoints to try, instead of <see cref="Endpoints"/>:
    /// the hook for discovery through DNS (SRV records, a headless service) or a registry. It must return at least one endpoint.
    /// </summary>
    public Func<CancellationToken, ValueTask<IReadOnlyList<AmqpEndpoint>>>? EndpointResolver { get; set; }

    /// <summary>
    /// The longest frames stay held by a connection thread's <see cref="OutgoingBatch"/> before the writer's thread
    /// sends them; null for <see cref="ConnectionWriter.DefaultMaxHoldTime"/>. For tests, which set it beyond their own
    /// timeouts to show that nothing they do waits for it.
    /// </summary>
    internal TimeSpan? MaxHoldTime { get; set; }

    /// <summary>The endpoints the next connect tries, in the order it tries them.</summary>
    internal ValueTask<IReadOnlyList<AmqpEndpoint>> EndpointsToTryAsync(CancellationToken cancellationToken) =>
        EndpointSelection.ToTryAsync(EndpointResolver, Endpoints, new AmqpEndpoint(Host, Port), EndpointOrder, cancellationToken);

    /// <summary>A copy of these options aimed at one endpoint, which is what a connection to it keeps and reports.</summary>
    internal AmqpConnectionOptions For(AmqpEndpoint endpoint)
    {
        var copy = (AmqpConnectionOptions)MemberwiseClone();
        copy.Host = endpoint.Host;
        copy.Port = endpoint.Port;
        return copy;
    }

    /// <summary>The port to connect to, with the scheme's default.</summary>
    public int EffectivePort => Port ?? (UseTls ? 5671 : 5672);

    /// <summary>Host and port as "host:port" ("[::1]:5672" for an IPv6 address), for messages: never credentials.</summary>
    internal string HostAndPort => Host.Contains(':', StringComparison.Ordinal)
        ? $"[{Host}]:{EffectivePort.ToString(CultureInfo.InvariantCulture)}"
        : $"{Host}:{EffectivePort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Parses a RabbitMQ URI. User, password and vhost are percent-decoded; an empty path means vhost "/", and
    /// "%2f" is the vhost "/". Query parameters: heartbeat (seconds), frame_max, channel_max, connection_timeout
    /// (milliseconds), auth_mechanism (plain or external), connection_name.
    /// </summary>
    /// <exception cref="FormatException">The URI is malformed; the message never includes the password.</exception>
    public static AmqpConnectionOptions Parse(string uri)
    {
        BrokerUri parsed = BrokerUri.Parse(uri);
        var options = new AmqpConnectionOptions { UseTls = parsed.UseTls, Port = parsed.Port };
        if (parsed.Host is { } host) options.Host = host;
        if (parsed.UserName is { } userName) options.UserName = userName;
        if (parsed.Password is { } password) options.Password = password;
        if (parsed.VirtualHost is { } virtualHost) options.VirtualHost = virtualHost;
        foreach ((string name, string value) in parsed.Query)
        {
            switch (name)
            {
                case "heartbeat":
                    options.Heartbeat = TimeSpan.FromSeconds(parsed.Number<ushort>(name, value));
                    break;
                case "frame_max":
                    options.FrameMax = parsed.Number<uint>(name, value);
                    break;
                case "channel_max":
                    options.ChannelMax = parsed.Number<ushort>(name, value);
                    break;
                case "connection_timeout":
                    options.ConnectionTimeout = TimeSpan.FromMilliseconds(parsed.Number<uint>(name, value));
                    break;
                case "auth_mechanism":
                    options.Mechanism = value.ToLowerInvariant() switch
                    {
                        "plain" => SaslMechanism.Plain,
                        "external" => SaslMechanism.External,
                        _ => throw new FormatException($"Unknown auth_mechanism '{value}' in '{Redact(uri)}'; use plain or external."),
                    };
                    break;
                case "connection_name":
                    options.ClientName = value;
                    break;
                default:
                    throw new FormatException($"Unknown query parameter '{name}' in '{Redact(uri)}'. Supported: heartbeat, frame_max, channel_max, connection_timeout, auth_mechanism, connection_name.");
            }
        }

        return options;
    }

    /// <summary>The URI these options connect to, with the password replaced by "***".</summary>
    public override string ToString()
    {
        var text = new StringBuilder(UseTls ? "amqps://" : "amqp://");
        text.Append(Uri.EscapeDataString(UserName)).Append(":***@").Append(Host);
        if (Port is { } port) text.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        text.Append('/').Append(Uri.EscapeDataString(VirtualHost));
        return text.ToString();
    }

    /// <summary>Replaces the password in a URI with "***" so the URI can be logged or shown in errors.</summary>
    public static string Redact(string uri) => BrokerUri.Redact(uri);
}
