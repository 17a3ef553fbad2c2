using TypedAmqp.Messaging;

namespace TypedAmqp.Hosting;

/// <summary>The live connection and messaging transport of the host, owned by the hosted service.</summary>
public sealed class TypedAmqpRuntime
{
    private AmqpMessaging? _messaging;

    /// <summary>The connection, once the hosted service has started.</summary>
    public AmqpConnection? Connection => _messaging?.Connection;

    /// <summary>The running consumers.</summary>
    public IReadOnlyList<(ConsumerRegistration Registration, AmqpConsumer Consumer)> Consumers { get; internal set; } = [];

    /// <summary>Whether the host is shutting down (consumers stopping is then expected).</summary>
    public bool IsStopping { get; internal set; }

    /// <summary>The messaging transport; publishing before the host has started fails with a clear message.</summary>
    public AmqpMessaging Messaging => _messaging ?? throw new InvalidOperationException(
        "TypedAmqp is not connected yet: the hosted service connects when the host starts. Publish from hosted services or after IHost.StartAsync.");

    internal void Attach(AmqpMessaging messaging) => _messaging = messaging;
}
