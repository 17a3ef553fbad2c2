using TypedAmqp.Amqp091;
using TypedAmqp.Hosting;

namespace TypedAmqp.Integration.Hosting;

/// <summary>What tests look at behind the host's transport-neutral surface: its AMQP 0-9-1 connection and the options it builds it from.</summary>
internal static class HostingTestExtensions
{
    /// <summary>The host's current connection, for tests that close or inspect it.</summary>
    public static AmqpConnection? Connection(this TypedAmqpRuntime runtime) => (runtime.Transport as RecoveringMessaging)?.Connection;

    /// <summary>The connection options the default transport makes of <paramref name="options"/>.</summary>
    public static AmqpConnectionOptions ToConnectionOptions(this TypedAmqpOptions options) => AmqpTransportFactory.ToConnectionOptions(options);
}
