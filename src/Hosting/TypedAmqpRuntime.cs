using TypedAmqp.Messaging;

namespace TypedAmqp.Hosting;

/// <summary>The host's transport (its connection, kept up across losses) and its running consumers, owned by the hosted service.</summary>
public sealed class TypedAmqpRuntime
{
    private IMessagingTransport? _messaging;
    private volatile bool _isStopping;

    /// <summary>The transport once the hosted service has started, else null (for AMQP 0-9-1 a <c>RecoveringMessaging</c>, for AMQP 1.0 an <c>Amqp10MessagingTransport</c>).</summary>
    public IMessagingTransport? Transport => _messaging;

    /// <summary>The running consumers.</summary>
    public IReadOnlyList<(ConsumerRegistration Registration, IRecoveringSubscription Consumer)> Consumers { get; internal set; } = [];

    /// <summary>Whether the host is shutting down (consumers stopping is then expected).</summary>
    public bool IsStopping => _isStopping;

    /// <summary>The transport; publishing before the host has started fails with a clear message.</summary>
    public IMessagingTransport Messaging => _messaging ?? throw new InvalidOperationException(
        "TypedAmqp is not connected yet: the hosted service connects when the host starts. Publish from hosted services or after IHost.StartAsync.");

    internal IMessagingTransport? MessagingOrNull => _messaging;

    internal void Attach(IMessagingTransport messaging) => _messaging = messaging;

    internal void MarkStopping() => _isStopping = true;
}
