using Microsoft.Extensions.Logging;
using TypedAmqp.Messaging;

namespace TypedAmqp.Hosting;

/// <summary>
/// Creates the transport the host runs on from its settings. The default makes AMQP 0-9-1 with recovery, or AMQP 1.0
/// without it when <see cref="TypedAmqpOptions.Protocol"/> says so; register another
/// implementation before <c>AddTypedAmqp</c> to run the same contracts over another transport.
/// </summary>
public interface IMessagingTransportFactory
{
    /// <summary>A new, not yet connected transport for <paramref name="options"/> (already validated).</summary>
    IMessagingTransport Create(TypedAmqpOptions options, ILoggerFactory loggerFactory);

    /// <summary>Applies reloaded settings where that is safe (for example from the next connection on).</summary>
    void Reconfigure(IMessagingTransport transport, TypedAmqpOptions reloaded);
}
