using Microsoft.Extensions.Logging;
using TypedAmqp.Amqp091;
using TypedAmqp.Messaging;

namespace TypedAmqp.Hosting;

/// <summary>The default transport: AMQP 0-9-1 through <see cref="RecoveringMessaging"/>, recovering unless recovery is off.</summary>
internal sealed class AmqpTransportFactory : IMessagingTransportFactory
{
    public IMessagingTransport Create(TypedAmqpOptions options, ILoggerFactory loggerFactory) =>
        new RecoveringMessaging(ToConnectionOptions(options), options.ToRecoveryOptions(), loggerFactory)
        {
            PublisherConfirms = options.PublisherConfirms,
            RunHandlersOnReaderThread = options.RunHandlersOnReaderThread,
        };

    /// <summary>Connection settings apply from the next connection, recovery settings at once; recovery stays on or off.</summary>
    public void Reconfigure(IMessagingTransport transport, TypedAmqpOptions reloaded)
    {
        var messaging = (RecoveringMessaging)transport;
        messaging.ConnectionOptions = ToConnectionOptions(reloaded);
        if (messaging.Recovery is not null && reloaded.ToRecoveryOptions() is { } recovery) messaging.Recovery = recovery;
    }

    /// <summary>Checks the settings and turns them into connection options; the message of a failure never contains the password.</summary>
    /// <exception cref="InvalidOperationException">A setting is missing or invalid.</exception>
    internal static AmqpConnectionOptions ToConnectionOptions(TypedAmqpOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Uri))
        {
            throw new InvalidOperationException("TypedAmqp has no broker URI: set ConnectionStrings:amqp or TypedAmqp:Uri (amqp://user:pass@host:5672/vhost).");
        }

        AmqpConnectionOptions connection;
        try
        {
            connection = AmqpConnectionOptions.Parse(options.Uri);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"TypedAmqp's broker URI is invalid: {ex.Message}", ex);
        }

        if (options.ClientName is not null) connection.ClientName = options.ClientName;
        foreach (string endpoint in options.Endpoints)
        {
            try
            {
                connection.Endpoints.Add(AmqpEndpoint.Parse(endpoint));
            }
            catch (FormatException ex)
            {
                throw new InvalidOperationException($"TypedAmqp:Endpoints: {ex.Message}", ex);
            }
        }

        connection.EndpointOrder = options.EndpointOrder;
        if (options.MaxUnconfirmedPublishes is { } maxUnconfirmed)
        {
            if (maxUnconfirmed < 0) throw new InvalidOperationException("TypedAmqp:MaxUnconfirmedPublishes cannot be negative.");
            connection.MaxUnconfirmedPublishes = maxUnconfirmed;
        }
        connection.EndpointResolver = options.EndpointResolver;
        if (options.Heartbeat is { } heartbeat) connection.Heartbeat = heartbeat;
        if (options.MaxMessageSize is { } maxMessageSize)
        {
            if (maxMessageSize <= 0) throw new InvalidOperationException("TypedAmqp:MaxMessageSize must be a positive number of bytes.");
            connection.MaxMessageSize = maxMessageSize;
        }

        if (options.ConnectRetryTimeout < TimeSpan.Zero) throw new InvalidOperationException("TypedAmqp:ConnectRetrySeconds cannot be negative.");
        if (options.PublishRecoveryWait < TimeSpan.Zero) throw new InvalidOperationException("TypedAmqp:PublishRecoveryWaitSeconds cannot be negative.");
        if (options.Tls.IsConfigured)
        {
            if (!connection.UseTls)
            {
                throw new InvalidOperationException($"TypedAmqp:Tls is set but the broker URI '{connection}' does not use TLS; use an amqps:// URI.");
            }

            connection.TlsOptions = options.Tls.ToSslOptions();
        }

        return connection;
    }
}
