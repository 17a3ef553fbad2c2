using Microsoft.Extensions.Logging;
using TypedAmqp.Amqp10;
using TypedAmqp.Messaging;

namespace TypedAmqp.Hosting;

/// <summary>The factory registered by default: AMQP 0-9-1 or AMQP 1.0, as <see cref="TypedAmqpOptions.Protocol"/> says.</summary>
internal sealed class DefaultTransportFactory : IMessagingTransportFactory
{
    private readonly AmqpTransportFactory _amqp091 = new();
    private readonly Amqp10TransportFactory _amqp10 = new();

    public IMessagingTransport Create(TypedAmqpOptions options, ILoggerFactory loggerFactory) => options.Protocol switch
    {
        TypedAmqpProtocol.Amqp10 => _amqp10.Create(options, loggerFactory),
        _ => _amqp091.Create(options, loggerFactory),
    };

    /// <summary>Goes to the factory that made <paramref name="transport"/>: the protocol itself never changes on reload.</summary>
    public void Reconfigure(IMessagingTransport transport, TypedAmqpOptions reloaded)
    {
        if (transport is Amqp10MessagingTransport) _amqp10.Reconfigure(transport, reloaded);
        else _amqp091.Reconfigure(transport, reloaded);
    }
}
