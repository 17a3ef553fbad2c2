using Microsoft.Extensions.Configuration;
using TypedAmqp.Messaging;

namespace TypedAmqp.Hosting;

/// <summary>
/// Settings of TypedAmqp in a host, usually bound from configuration: <c>ConnectionStrings:amqp</c> for the URI, and a
/// <c>TypedAmqp</c> section (<c>Uri</c>, <c>ClientName</c>, <c>HeartbeatSeconds</c>, <c>Topology</c>,
/// <c>ConnectRetrySeconds</c>, the recovery settings, and a <c>Tls</c> section for amqps).
/// </summary>
public sealed class TypedAmqpOptions
{
    /// <summary>The broker URI, such as <c>amqp://user:pass@host:5672/vhost</c>.</summary>
    public string? Uri { get; set; }

    /// <summary>The connection name shown by the broker.</summary>
    public string? ClientName { get; set; }

    /// <summary>Heartbeat interval; the URI's or the default when null.</summary>
    public TimeSpan? Heartbeat { get; set; }

    /// <summary>What to do with the topology at start-up: declare it (default), verify it exists, or skip.</summary>
    public TopologyMode Topology { get; set; } = TopologyMode.Declare;

    /// <summary>How long start-up keeps retrying to reach the broker before failing.</summary>
    public TimeSpan ConnectRetryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether to reconnect (and re-declare topology, restart consumers) when the connection is lost; default true.</summary>
    public bool Recovery { get; set; } = true;

    /// <summary>
    /// Delay before the second reconnection attempt (the first is made at once), doubled after each failure up to
    /// <see cref="RecoveryMaxDelay"/>; each delay is jittered down to as little as half. Default 100 ms.
    /// </summary>
    public TimeSpan RecoveryInitialDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Longest delay between reconnection attempts; default 500 ms, so the host is back well within a second of the
    /// broker accepting connections again (a refused attempt costs next to nothing). Raise it for large fleets that
    /// should not all retry this often.
    /// </summary>
    public TimeSpan RecoveryMaxDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long a publish waits for the connection to be recovered: a publish made while the connection is down waits
    /// for the new one, and a publish whose confirm was lost with the old connection is sent again (with the same
    /// message id, so consumers can drop a duplicate). Zero fails such publishes at once. Needs <see cref="Recovery"/>.
    /// </summary>
    public TimeSpan PublishRecoveryWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether typed publishes wait for the broker's confirm (default true). Off, a publish completes once queued for
    /// the socket: faster, but a message lost or unroutable on the way goes unnoticed, and publishes are not resent
    /// after a recovery.
    /// </summary>
    public bool PublisherConfirms { get; set; } = true;

    /// <summary>
    /// Whether generated handlers run on the connection's reader thread (default true; see
    /// <see cref="AmqpMessaging.RunHandlersOnReaderThread"/>) rather than each consumer's own handler thread. The reader
    /// thread uses less CPU per message; a handler that blocks there holds up the rest of the connection for up to
    /// 20 ms, until another thread takes over reading. Turn it off for handlers that mostly block or do long work, so
    /// each consumer keeps a thread of its own. Applies to consumers with a concurrency of 1.
    /// </summary>
    public bool RunHandlersOnReaderThread { get; set; } = true;

    /// <summary>
    /// The largest message body to publish, in bytes (see <see cref="AmqpConnectionOptions.MaxMessageSize"/>); the
    /// connection's default (RabbitMQ's default max_message_size, 128 MiB) when null.
    /// </summary>
    public int? MaxMessageSize { get; set; }

    /// <summary>TLS settings for an amqps URI: trusted CA, client certificate, server name.</summary>
    public TypedAmqpTlsOptions Tls { get; set; } = new();

    /// <summary>
    /// Reads the settings from configuration: the URI from <c>TypedAmqp:Uri</c> or
    /// <c>ConnectionStrings:{connectionName}</c>, the rest from the <c>TypedAmqp</c> section; missing values keep their defaults.
    /// </summary>
    public static TypedAmqpOptions FromConfiguration(IConfiguration configuration, string connectionName = "amqp")
    {
        ArgumentNullException.ThrowIfNull(configuration);
        IConfigurationSection section = configuration.GetSection("TypedAmqp");
        var options = new TypedAmqpOptions
        {
            Uri = section["Uri"] ?? configuration.GetConnectionString(connectionName),
            ClientName = section["ClientName"],
        };
        if (section["HeartbeatSeconds"] is { } heartbeat) options.Heartbeat = TimeSpan.FromSeconds(ParseNumber("TypedAmqp:HeartbeatSeconds", heartbeat));
        if (section["ConnectRetrySeconds"] is { } retry) options.ConnectRetryTimeout = TimeSpan.FromSeconds(ParseNumber("TypedAmqp:ConnectRetrySeconds", retry));
        if (section["Recovery"] is { } recovery) options.Recovery = ParseSwitch("TypedAmqp:Recovery", recovery);
        if (section["PublisherConfirms"] is { } confirms) options.PublisherConfirms = ParseSwitch("TypedAmqp:PublisherConfirms", confirms);
        if (section["RunHandlersOnReaderThread"] is { } onReader) options.RunHandlersOnReaderThread = ParseSwitch("TypedAmqp:RunHandlersOnReaderThread", onReader);

        if (section["RecoveryInitialDelaySeconds"] is { } initial) options.RecoveryInitialDelay = TimeSpan.FromSeconds(ParseNumber("TypedAmqp:RecoveryInitialDelaySeconds", initial));
        if (section["RecoveryMaxDelaySeconds"] is { } max) options.RecoveryMaxDelay = TimeSpan.FromSeconds(ParseNumber("TypedAmqp:RecoveryMaxDelaySeconds", max));
        if (section["PublishRecoveryWaitSeconds"] is { } wait) options.PublishRecoveryWait = TimeSpan.FromSeconds(ParseNumber("TypedAmqp:PublishRecoveryWaitSeconds", wait));
        if (section["MaxMessageSize"] is { } maxSize)
        {
            options.MaxMessageSize = int.TryParse(maxSize, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int bytes) && bytes > 0
                ? bytes
                : throw new InvalidOperationException($"TypedAmqp:MaxMessageSize is '{maxSize}'; it must be a positive number of bytes.");
        }

        options.Tls = TypedAmqpTlsOptions.FromConfiguration(section.GetSection("Tls"));
        if (section["Topology"] is { } topology)
        {
            options.Topology = Enum.TryParse(topology, ignoreCase: true, out TopologyMode mode)
                ? mode
                : throw new InvalidOperationException($"TypedAmqp:Topology is '{topology}'; use Declare, Verify or Skip.");
        }

        return options;
    }

    /// <summary>Checks the settings and turns them into connection options; the message of a failure never contains the password.</summary>
    /// <exception cref="InvalidOperationException">A setting is missing or invalid.</exception>
    public AmqpConnectionOptions ToConnectionOptions()
    {
        if (string.IsNullOrWhiteSpace(Uri))
        {
            throw new InvalidOperationException("TypedAmqp has no broker URI: set ConnectionStrings:amqp or TypedAmqp:Uri (amqp://user:pass@host:5672/vhost).");
        }

        AmqpConnectionOptions connection;
        try
        {
            connection = AmqpConnectionOptions.Parse(Uri);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"TypedAmqp's broker URI is invalid: {ex.Message}", ex);
        }

        if (ClientName is not null) connection.ClientName = ClientName;
        if (Heartbeat is { } heartbeat) connection.Heartbeat = heartbeat;
        if (MaxMessageSize is { } maxMessageSize)
        {
            if (maxMessageSize <= 0) throw new InvalidOperationException("TypedAmqp:MaxMessageSize must be a positive number of bytes.");
            connection.MaxMessageSize = maxMessageSize;
        }

        if (ConnectRetryTimeout < TimeSpan.Zero) throw new InvalidOperationException("TypedAmqp:ConnectRetrySeconds cannot be negative.");
        if (PublishRecoveryWait < TimeSpan.Zero) throw new InvalidOperationException("TypedAmqp:PublishRecoveryWaitSeconds cannot be negative.");
        if (Tls.IsConfigured)
        {
            if (!connection.UseTls)
            {
                throw new InvalidOperationException($"TypedAmqp:Tls is set but the broker URI '{connection}' does not use TLS; use an amqps:// URI.");
            }

            connection.TlsOptions = Tls.ToSslOptions();
        }

        return connection;
    }

    private static bool ParseSwitch(string key, string value) =>
        bool.TryParse(value, out bool enabled) ? enabled : throw new InvalidOperationException($"{key} is '{value}'; use true or false.");

    private static double ParseNumber(string key, string value) =>
        double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double number) && number >= 0
            ? number
            : throw new InvalidOperationException($"{key} is '{value}'; it must be a non-negative number of seconds.");
}
