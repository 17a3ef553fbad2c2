using TypedAmqp.Amqp091;
using TypedAmqp.Messaging;

namespace TypedAmqp.Hosting;

/// <summary>The host's messaging (with its recovering connection) and its running consumers, owned by the hosted service.</summary>
public sealed class TypedAmqpRuntime
{
    private RecoveringMessaging? _messaging;
    private volatile bool _isStopping;

    /// <summary>The current connection, once the hosted service has started.</summary>
    public AmqpConnection? Connection => _messaging?.Connection;

    /// <summary>The running consumers.</summary>
    public IReadOnlyList<(ConsumerRegistration Registration, RecoveringSubscription Consumer)> Consumers { get; internal set; } = [];

    /// <summary>Whether the host is shutting down (consumers stopping is then expected).</summary>
    public bool IsStopping => _isStopping;

    /// <summary>The messaging; publishing before the host has started fails with a clear message.</summary>
    public RecoveringMessaging Messaging => _messaging ?? throw new InvalidOperationException(
        "TypedAmqp is not connected yet: the hosted service connects when the host starts. Publish from hosted services or after IHost.StartAsync.");

    internal RecoveringMessaging? MessagingOrNull => _messaging;

    internal void Attach(RecoveringMessaging messaging) => _messaging = messaging;

    internal void MarkStopping() => _isStopping = true;
}
