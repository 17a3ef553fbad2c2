using Microsoft.Extensions.Logging;
using TypedAmqp.Amqp10;
using TypedAmqp.Messaging;

namespace TypedAmqp.Hosting;

/// <summary>
/// The AMQP 1.0 transport (<c>TypedAmqp:Protocol</c> = <c>Amqp10</c>): one <see cref="Amqp10MessagingTransport"/>
/// connection to a RabbitMQ 4 node, recovered after a loss as over 0-9-1 (<c>TypedAmqp:Recovery</c>, on by default, with
/// its delays and publish wait), over one broker or a list of endpoints. URI query parameters, which it cannot honour yet, are a
/// start-up error naming them, never ignored.
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
    /// <exception cref="InvalidOperationException">A setting is missing or invalid, or the URI has query parameters (not supported over AMQP 1.0 yet).</exception>
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
        if (uri.Query.Count > 0)
        {
            throw new InvalidOperationException(
                $"TypedAmqp:Protocol is Amqp10, which does not support URI query parameters ({string.Join(", ", uri.Query.Select(parameter => parameter.Name))}) yet. Remove them and use the TypedAmqp settings (such as TypedAmqp:HeartbeatSeconds), or use TypedAmqp:Protocol=Amqp091.");
        }

        if (options.ConnectRetryTimeout < TimeSpan.Zero) throw new InvalidOperationException("TypedAmqp:ConnectRetrySeconds cannot be negative.");
        if (options.Heartbeat < TimeSpan.Zero) throw new InvalidOperationException("TypedAmqp:HeartbeatSeconds cannot be negative.");
        if (options.Tls.IsConfigured && !uri.UseTls)
        {
            throw new InvalidOperationException($"TypedAmqp:Tls is set but the broker URI '{BrokerUri.Redact(uri.Text)}' does not use TLS; use an amqps:// URI.");
        }

        if (options.MaxUnconfirmedPublishes < 0) throw new InvalidOperationException("TypedAmqp:MaxUnconfirmedPublishes cannot be negative.");
        if (options.MaxMessageSize <= 0) throw new InvalidOperationException("TypedAmqp:MaxMessageSize must be a positive number of bytes.");
        var endpoints = new List<AmqpEndpoint>(options.Endpoints.Count);
        foreach (string endpoint in options.Endpoints)
        {
            try
            {
                endpoints.Add(AmqpEndpoint.Parse(endpoint));
            }
            catch (FormatException ex)
            {
                throw new InvalidOperationException($"TypedAmqp:Endpoints: {ex.Message}", ex);
            }
        }

        return new Amqp10MessagingOptions
        {
            Host = uri.Host,
            Port = uri.Port ?? (uri.UseTls ? 5671 : 5672),
            Endpoints = endpoints,
            EndpointOrder = options.EndpointOrder,
            EndpointResolver = options.EndpointResolver,
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
            PublisherConfirms = options.PublisherConfirms,
            MaxUnconfirmedPublishes = options.MaxUnconfirmedPublishes,
            Recovery = options.ToRecoveryOptions(),
        };
    }

    [LoggerMessage(210, LogLevel.Information, "TypedAmqp runs over AMQP 1.0 with recovery off (TypedAmqp:Recovery=false): a lost connection is not recovered (consumers stop, publishes fail) until the host restarts")]
    private static partial void LogNoRecovery(ILogger logger);
}
