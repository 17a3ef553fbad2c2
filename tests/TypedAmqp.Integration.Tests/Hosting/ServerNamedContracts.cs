using TypedAmqp.Messaging;

namespace TypedAmqp.Integration.Hosting;

/// <summary>Which queue a probe is meant for, and in which round (before or after a reconnect) it was sent.</summary>
[MessageType("it.hosting.name-probe")]
public sealed record NameProbe(string Target, int Round);

[Exchange("typedamqp.it.names", ExchangeKind.Direct, Durable = false)]
public interface INameProbes
{
    [RoutingKey("first")]
    ValueTask ToFirst(NameProbe probe, CancellationToken cancellationToken = default);

    [RoutingKey("second")]
    ValueTask ToSecond(NameProbe probe, CancellationToken cancellationToken = default);

    [RoutingKey("named")]
    ValueTask ToNamed(NameProbe probe, CancellationToken cancellationToken = default);
}

// Two server-named queues declared before a named one: in AMQP 0-9-1 a binding to "" means "the last queue this
// channel declared", so unresolved names would bind both to the named queue.
[Queue("", Exclusive = true)]
[Binding(typeof(INameProbes), "first")]
[Consumer]
public interface IFirstServerNamed
{
    ValueTask Handle(NameProbe probe, MessageContext context, CancellationToken cancellationToken);
}

[Queue("", Exclusive = true)]
[Binding(typeof(INameProbes), "second")]
[Consumer]
public interface ISecondServerNamed
{
    ValueTask Handle(NameProbe probe, MessageContext context, CancellationToken cancellationToken);
}

[Queue("typedamqp.it.names.named", Durable = false)]
[Binding(typeof(INameProbes), "named")]
[Consumer]
public interface INamedProbeQueue
{
    ValueTask Handle(NameProbe probe, MessageContext context, CancellationToken cancellationToken);
}
