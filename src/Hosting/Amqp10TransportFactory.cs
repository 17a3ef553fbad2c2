using Microsoft.Extensions.Logging;
using TypedAmqp.Amqp10;
using TypedAmqp.Messaging;

namespace TypedAmqp.Hosting;

/// <summary>
/// The AMQP 1.0 transport (<c>TypedAmqp:Protocol</c> = <c>Amqp10</c>): one <see cref="Amqp10MessagingTransport"/>
/// connection to a RabbitMQ 4 node, recovered after a loss as over 0-9-1 (<c>TypedAmqp:Recovery</c>, on by default, with
/// its delays and publish wait). Settings it cannot honour yet are start-up errors naming them, never ignored.
/// </summary>
internal sealed partial class Amqp10TransportFactory : IMessagingTransportFactory
{
    public IMessagingTransport Create(TypedAmqpOptions options, ILoggerFactory loggerFactory)
    {
        ILogger logger = loggerFactory.CreateLogger("TypedAmqp.Amqp10");
        Amqp10MessagingOptions messaging = ToMessagingOptions(options);
        if (messaging.Recovery is null) LogNoRecovery(logger);
        return new Amqp10MessagingTransport(messaging, logger);
    }

    /// <summary>Nothing applies on reload: the connection settings are those of start-up.</summary>
    public void Reconfigure(IMessagingTransport transport, TypedAmqpOptions reloaded)
    {
    }

    /// <summary>
    /// Checks the settings for AMQP 1.0 and turns the URI into messaging options; the message of a failure names the
    /// setting and never contains the password.
    /// </summary>
    /// <exception cref="InvalidOperationException">A setting is missing, invalid, or not supported over AMQP 1.0 yet.</exception>
    internal static Amqp10MessagingOptions ToMessagingOptions(TypedAmqpOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Uri))
        {
            throw new InvalidOperationException("TypedAmqp has no broker URI: set ConnectionStrings:amqp or TypedAmqp:Uri (amqp://user:pass@host:5672/vhost).");
        }

        BrokerUri uri;
        try
        {
            uri = BrokerUri.Parse(options.Uri);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"TypedAmqp's broker URI is invalid: {ex.Message}", ex);
        }

        if (uri.Host is null) throw new InvalidOperationException($"TypedAmqp's broker URI '{BrokerUri.Redact(uri.Text)}' names no host.");
        List<string> unsupported = Unsupported(options, uri);
        if (unsupported.Count > 0)
        {
            throw new InvalidOperationException(
                $"TypedAmqp:Protocol is Amqp10, which does not support these settings yet: {string.Join("; ", unsupported)}. Remove them, or use TypedAmqp:Protocol=Amqp091.");
        }

        if (options.ConnectRetryTimeout < TimeSpan.Zero) throw new InvalidOperationException("TypedAmqp:ConnectRetrySeconds cannot be negative.");
        if (options.Heartbeat < TimeSpan.Zero) throw new InvalidOperationException("TypedAmqp:HeartbeatSeconds cannot be negative.");
        if (options.Tls.IsConfigured && !uri.UseTls)
        {
            throw new InvalidOperationException($"TypedAmqp:Tls is set but the broker URI '{BrokerUri.Redact(uri.Text)}' does not use TLS; use an amqps:// URI.");
        }

        return new Amqp10MessagingOptions
        {
            Host = uri.Host,
            Port = uri.Port ?? (uri.UseTls ? 5671 : 5672),
            Tls = uri.UseTls ? options.Tls.ToSslOptions() : null,
            UserName = uri.UserName ?? "guest", // as over 0-9-1
            Password = uri.Password ?? "guest",
            VirtualHost = uri.VirtualHost ?? "/",

            // An amqp:// URI is plain TCP whatever the protocol; 0-9-1 sends PLAIN over it too.
            AllowPlainWithoutTls = !uri.UseTls,

            // 0-9-1's heartbeat and 1.0's idle timeout both detect a dead peer; 1.0 asks the peer to send twice as often.
            IdleTimeout = options.Heartbeat ?? TimeSpan.FromSeconds(60),
            ContainerId = options.ClientName,
            MaxMessageSize = options.MaxMessageSize,
            Recovery = options.ToRecoveryOptions(),
        };
    }

    /// <summary>Every set setting the AMQP 1.0 transport cannot honour, each named.</summary>
    private static List<string> Unsupported(TypedAmqpOptions options, BrokerUri uri)
    {
        var unsupported = new List<string>();
        if (uri.Query.Count > 0) unsupported.Add($"URI query parameters ({string.Join(", ", uri.Query.Select(parameter => parameter.Name))})");
        if (options.Endpoints.Count > 0) unsupported.Add("TypedAmqp:Endpoints (one broker, the URI's)");
        if (options.EndpointResolver is not null) unsupported.Add("TypedAmqpOptions.EndpointResolver");
        if (options.MaxUnconfirmedPublishes is not null) unsupported.Add("TypedAmqp:MaxUnconfirmedPublishes");
        if (!options.PublisherConfirms) unsupported.Add("TypedAmqp:PublisherConfirms=false (publishes always wait for the broker's outcome)");
        if (options.ResendUnconfirmedPublishes) unsupported.Add("TypedAmqp:ResendUnconfirmedPublishes (a publish lost with the connection fails; it is not sent again)");
        return unsupported;
    }

    [LoggerMessage(210, LogLevel.Information, "TypedAmqp runs over AMQP 1.0 with recovery off (TypedAmqp:Recovery=false): a lost connection is not recovered (consumers stop, publishes fail) until the host restarts")]
    private static partial void LogNoRecovery(ILogger logger);
}
