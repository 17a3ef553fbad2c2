using Microsoft.Extensions.Configuration;
using TypedAmqp.Messaging;

namespace TypedAmqp.Hosting;

/// <summary>
/// Settings of TypedAmqp in a host, usually bound from configuration: <c>ConnectionStrings:amqp</c> for the URI, and a
/// <c>TypedAmqp</c> section (<c>Protocol</c>, <c>Uri</c>, <c>ClientName</c>, <c>HeartbeatSeconds</c>, <c>Topology</c>,
/// <c>ConnectRetrySeconds</c>, the recovery settings, and a <c>Tls</c> section for amqps).
/// </summary>
public sealed class TypedAmqpOptions
{
    /// <summary>
    /// The protocol (<c>TypedAmqp:Protocol</c>): <see cref="TypedAmqpProtocol.Amqp091"/> (default) or
    /// <see cref="TypedAmqpProtocol.Amqp10"/> for RabbitMQ 4's AMQP 1.0, which recovers as 0-9-1 does (without resending) and refuses the
    /// settings it does not support yet at start-up (docs/hosting.md). Not changed by a reload.
    /// </summary>
    public TypedAmqpProtocol Protocol { get; set; } = TypedAmqpProtocol.Amqp091;

    /// <summary>The broker URI, such as <c>amqp://user:pass@host:5672/vhost</c>.</summary>
    public string? Uri { get; set; }

    /// <summary>
    /// The brokers to connect to, such as the nodes of a cluster, each "host" or "host:port" (configuration:
    /// <c>TypedAmqp:Endpoints</c> as an array, or one comma-separated string): tried in order, or as
    /// <see cref="EndpointOrder"/> says, at start-up and at every recovery, with the user, virtual host and TLS settings
    /// of <see cref="Uri"/>. Empty (the default): the URI's host and port.
    /// </summary>
    public IList<string> Endpoints { get; set; } = new List<string>();

    /// <summary>Whether <see cref="Endpoints"/> are tried as listed (default) or shuffled at every connect (<c>TypedAmqp:EndpointOrder</c>).</summary>
    public EndpointOrder EndpointOrder { get; set; } = EndpointOrder.InOrder;

    /// <summary>
    /// Called at every connect for the endpoints to try, instead of <see cref="Endpoints"/>: the hook for DNS-based
    /// discovery (see <see cref="Amqp091.AmqpConnectionOptions.EndpointResolver"/>). Code only.
    /// </summary>
    public Func<CancellationToken, ValueTask<IReadOnlyList<AmqpEndpoint>>>? EndpointResolver { get; set; }

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
    /// How long a publish waits for the connection to be recovered (<see cref="RecoveryOptions.PublishWait"/>): a
    /// publish made while the connection is down waits for the new one, as does one being sent again (see
    /// <see cref="ResendUnconfirmedPublishes"/>). Zero fails such publishes at once. Needs <see cref="Recovery"/>.
    /// </summary>
    public TimeSpan PublishRecoveryWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// What happens to a publish sent but not yet confirmed when the connection is lost
    /// (<see cref="RecoveryOptions.ResendUnconfirmedPublishes"/>): false (the default) fails it with
    /// <see cref="PublishOutcomeUnknownException"/>; true sends it again on the recovered connection with the same
    /// message id (at least once: consumers may see it twice). Needs <see cref="Recovery"/> and <see cref="PublisherConfirms"/>.
    /// </summary>
    public bool ResendUnconfirmedPublishes { get; set; }

    /// <summary>
    /// Whether typed publishes wait for the broker's confirm (default true). Off, a publish completes once queued for
    /// the socket: faster, but a message lost or unroutable on the way goes unnoticed, and publishes are not resent
    /// after a recovery.
    /// </summary>
    public bool PublisherConfirms { get; set; } = true;

    /// <summary>
    /// Whether generated handlers run on the connection's reader thread (default true; see
    /// <see cref="Amqp091.AmqpMessaging.RunHandlersOnReaderThread"/>) rather than each consumer's own handler thread. The reader
    /// thread uses less CPU per message; a handler that blocks there holds up the rest of the connection for up to
    /// 20 ms, until another thread takes over reading. Turn it off for handlers that mostly block or do long work, so
    /// each consumer keeps a thread of its own. Applies to consumers with a concurrency of 1.
    /// </summary>
    public bool RunHandlersOnReaderThread { get; set; } = true;

    /// <summary>
    /// The largest message body to publish, in bytes (see <see cref="Amqp091.AmqpConnectionOptions.MaxMessageSize"/>); the
    /// connection's default (RabbitMQ's default max_message_size, 128 MiB) when null.
    /// </summary>
    public int? MaxMessageSize { get; set; }

    /// <summary>
    /// How many typed publishes may wait for their broker confirm at once before further ones wait
    /// (<see cref="Amqp091.AmqpConnectionOptions.MaxUnconfirmedPublishes"/>, default 10,000); 0 for no limit. Over AMQP
    /// 1.0, unset or 0 leaves the bound to the broker's link credit.
    /// </summary>
    public int? MaxUnconfirmedPublishes { get; set; }

    /// <summary>TLS settings for an amqps URI: trusted CA, client certificate, server name.</summary>
    public TypedAmqpTlsOptions Tls { get; set; } = new();

    /// <summary>
    /// Reads the settings from configuration: the URI from <c>TypedAmqp:Uri</c> or
    /// <c>ConnectionStrings:{connectionName}</c>, the rest from the <c>TypedAmqp</c> section; missing values keep their defaults.
    /// </summary>
    /// <exception cref="InvalidOperationException">A value cannot be read; the message names every such key.</exception>
    public static TypedAmqpOptions FromConfiguration(IConfiguration configuration, string connectionName = "amqp")
    {
        var options = new TypedAmqpOptions();
        options.Bind(configuration, connectionName);
        if (options.ConfigurationErrors.Count > 0) throw new InvalidOperationException(string.Join(" ", options.ConfigurationErrors));
        return options;
    }

    /// <summary>
    /// The values configuration held that could not be read, each naming its key; the options validator reports them
    /// at start-up together with every other problem.
    /// </summary>
    internal List<string> ConfigurationErrors { get; } = [];

    /// <summary>Overwrites the settings present in configuration, collecting unreadable values in <see cref="ConfigurationErrors"/>.</summary>
    internal void Bind(IConfiguration configuration, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        IConfigurationSection section = configuration.GetSection("TypedAmqp");
        if ((section["Uri"] ?? configuration.GetConnectionString(connectionName)) is { } uri) Uri = uri;
        if (section["ClientName"] is { } clientName) ClientName = clientName;
        Read(section, "Protocol", ParseProtocol, value => Protocol = value);
        IConfigurationSection endpoints = section.GetSection("Endpoints");
        if (endpoints.Value is { } list) Endpoints = [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        else if (endpoints.GetChildren().Select(child => child.Value).OfType<string>().ToList() is { Count: > 0 } items) Endpoints = items;
        Read(section, "EndpointOrder", ParseEndpointOrder, value => EndpointOrder = value);
        Read(section, "HeartbeatSeconds", ParseSeconds, value => Heartbeat = value);
        Read(section, "ConnectRetrySeconds", ParseSeconds, value => ConnectRetryTimeout = value);
        Read(section, "Recovery", ParseSwitch, value => Recovery = value);
        Read(section, "PublisherConfirms", ParseSwitch, value => PublisherConfirms = value);
        Read(section, "RunHandlersOnReaderThread", ParseSwitch, value => RunHandlersOnReaderThread = value);
        Read(section, "RecoveryInitialDelaySeconds", ParseSeconds, value => RecoveryInitialDelay = value);
        Read(section, "RecoveryMaxDelaySeconds", ParseSeconds, value => RecoveryMaxDelay = value);
        Read(section, "PublishRecoveryWaitSeconds", ParseSeconds, value => PublishRecoveryWait = value);
        Read(section, "ResendUnconfirmedPublishes", ParseSwitch, value => ResendUnconfirmedPublishes = value);
        Read(section, "MaxMessageSize", ParseByteCount, value => MaxMessageSize = value);
        Read(section, "MaxUnconfirmedPublishes", ParseCount, value => MaxUnconfirmedPublishes = value);
        Read(section, "Topology", ParseTopologyMode, value => Topology = value);
        try
        {
            Tls = TypedAmqpTlsOptions.FromConfiguration(section.GetSection("Tls"));
        }
        catch (InvalidOperationException ex)
        {
            ConfigurationErrors.Add(ex.Message);
        }
    }

    /// <summary>Copies every setting from <paramref name="source"/> (the TLS settings object is shared, not copied).</summary>
    internal void CopyFrom(TypedAmqpOptions source)
    {
        Protocol = source.Protocol;
        Uri = source.Uri;
        ClientName = source.ClientName;
        Endpoints = [.. source.Endpoints];
        EndpointOrder = source.EndpointOrder;
        EndpointResolver = source.EndpointResolver;
        Heartbeat = source.Heartbeat;
        Topology = source.Topology;
        ConnectRetryTimeout = source.ConnectRetryTimeout;
        Recovery = source.Recovery;
        RecoveryInitialDelay = source.RecoveryInitialDelay;
        RecoveryMaxDelay = source.RecoveryMaxDelay;
        PublishRecoveryWait = source.PublishRecoveryWait;
        ResendUnconfirmedPublishes = source.ResendUnconfirmedPublishes;
        PublisherConfirms = source.PublisherConfirms;
        RunHandlersOnReaderThread = source.RunHandlersOnReaderThread;
        MaxMessageSize = source.MaxMessageSize;
        MaxUnconfirmedPublishes = source.MaxUnconfirmedPublishes;
        Tls = source.Tls;
        ConfigurationErrors.AddRange(source.ConfigurationErrors);
    }

    /// <summary>
    /// Every problem with these settings, each a sentence naming the setting; empty when the host can start with them.
    /// Never contains the password.
    /// </summary>
    internal List<string> Problems()
    {
        var problems = new List<string>(ConfigurationErrors);
        if (ConfigurationErrors.Count == 0)
        {
            try
            {
                if (Protocol == TypedAmqpProtocol.Amqp10) _ = Amqp10TransportFactory.ToMessagingOptions(this);
                else _ = AmqpTransportFactory.ToConnectionOptions(this);
            }
            catch (InvalidOperationException ex)
            {
                problems.Add(ex.Message);
            }
        }

        if (RecoveryInitialDelay <= TimeSpan.Zero) problems.Add("TypedAmqp:RecoveryInitialDelaySeconds must be more than zero.");
        if (RecoveryMaxDelay < RecoveryInitialDelay) problems.Add("TypedAmqp:RecoveryMaxDelaySeconds cannot be less than TypedAmqp:RecoveryInitialDelaySeconds.");
        return problems;
    }

    /// <summary>The recovery settings these options describe, or null when recovery is off.</summary>
    public RecoveryOptions? ToRecoveryOptions() => Recovery
        ? new RecoveryOptions
        {
            InitialDelay = RecoveryInitialDelay,
            MaxDelay = RecoveryMaxDelay,
            PublishWait = PublishRecoveryWait,
            ResendUnconfirmedPublishes = ResendUnconfirmedPublishes && PublisherConfirms,
        }
        : null;

    private void Read<T>(IConfigurationSection section, string key, Func<string, string, T> parse, Action<T> apply)
    {
        if (section[key] is not { } value) return;
        try
        {
            apply(parse("TypedAmqp:" + key, value));
        }
        catch (FormatException ex)
        {
            ConfigurationErrors.Add(ex.Message);
        }
    }

    private static bool ParseSwitch(string key, string value) =>
        bool.TryParse(value, out bool enabled) ? enabled : throw new FormatException($"{key} is '{value}'; use true or false.");

    private static TimeSpan ParseSeconds(string key, string value) =>
        double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double seconds)
            && seconds >= 0 && seconds <= TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new FormatException($"{key} is '{value}'; it must be a non-negative number of seconds.");

    private static int ParseByteCount(string key, string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int bytes) && bytes > 0
            ? bytes
            : throw new FormatException($"{key} is '{value}'; it must be a positive number of bytes.");

    private static int ParseCount(string key, string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int count)
            ? count
            : throw new FormatException($"{key} is '{value}'; it must be a whole number, 0 or more.");

    private static EndpointOrder ParseEndpointOrder(string key, string value) =>
        Enum.TryParse(value, ignoreCase: true, out EndpointOrder order) && Enum.IsDefined(order)
            ? order
            : throw new FormatException($"{key} is '{value}'; use InOrder or Shuffled.");

    private static TypedAmqpProtocol ParseProtocol(string key, string value) =>
        Enum.TryParse(value, ignoreCase: true, out TypedAmqpProtocol protocol) && Enum.IsDefined(protocol) && !int.TryParse(value, out _)
            ? protocol
            : throw new FormatException($"{key} is '{value}'; use Amqp091 or Amqp10.");

    private static TopologyMode ParseTopologyMode(string key, string value) =>
        Enum.TryParse(value, ignoreCase: true, out TopologyMode mode) && Enum.IsDefined(mode)
            ? mode
            : throw new FormatException($"{key} is '{value}'; use Declare, Verify or Skip.");
}
