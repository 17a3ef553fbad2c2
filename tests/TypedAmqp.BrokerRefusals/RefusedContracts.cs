using System.Text.Json.Serialization;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

// The tests run against Debian's RabbitMQ 3.10, so the rules of 3.10 apply (quorum priorities are refused there).
[assembly: TargetBroker("3.10")]
[assembly: JsonContext(typeof(TypedAmqp.BrokerRefusals.RefusalJson))]

namespace TypedAmqp.BrokerRefusals;

// Each contract below breaks exactly one rule; its name says which. The pragma is the suppression a user would
// need to ship it anyway; the integration test then shows the broker refusing what the generator emitted.
// TAMQP007 (no binding) and TAMQP006 (unrouted) are warnings about reachability, irrelevant here.
#pragma warning disable TAMQP007, TAMQP006

public sealed record Probe(string Name);

#pragma warning disable TAMQP009
[Queue("typedamqp.refused.009.quorum-exclusive", QueueKind.Quorum, Exclusive = true)] public interface IQuorumExclusive { }
[Queue("typedamqp.refused.009.quorum-transient", QueueKind.Quorum, Durable = false)] public interface IQuorumTransient { }
[Queue("typedamqp.refused.009.quorum-priority", QueueKind.Quorum, MaxPriority = 5)] public interface IQuorumPriority { }
[Queue("typedamqp.refused.009.stream-max-length", QueueKind.Stream)] [Argument("x-max-length", 10)] public interface IStreamMaxLength { }
[Queue("typedamqp.refused.009.stream-ttl", QueueKind.Stream, MessageTtl = 1000)] public interface IStreamTtl { }
[Queue("typedamqp.refused.009.classic-delivery-limit", DeliveryLimit = 3)] public interface IClassicDeliveryLimit { }
[Queue("typedamqp.refused.009.routing-key-without-dlx", DeadLetterRoutingKey = "dead")] public interface IRoutingKeyWithoutDlx { }
#pragma warning restore TAMQP009

#pragma warning disable TAMQP027
[Queue("typedamqp.refused.027.ttl-as-string")] [Argument("x-message-ttl", "1000")] public interface ITtlAsString { }
[Queue("typedamqp.refused.027.negative-ttl")] [Argument("x-message-ttl", -5)] public interface INegativeTtl { }
[Queue("typedamqp.refused.027.expires-too-large")] [Argument("x-expires", 1099511627776L)] public interface IExpiresTooLarge { }
[Queue("typedamqp.refused.027.unknown-overflow")] [Argument("x-overflow", "drop-tail")] public interface IUnknownOverflow { }
[Queue("typedamqp.refused.027.single-active-as-string")] [Argument("x-single-active-consumer", "true")] public interface ISingleActiveAsString { }
[Exchange("typedamqp.refused.027.alternate-as-number", ExchangeKind.Fanout)] [Argument("alternate-exchange", 5)] public interface IAlternateAsNumber { }
#pragma warning restore TAMQP027

#pragma warning disable TAMQP008
[Queue("amq.typedamqp.refused.008.reserved-prefix", AutoDelete = true)] public interface IReservedPrefix { }
#pragma warning restore TAMQP008

#pragma warning disable TAMQP001
[Exchange("typedamqp.refused.001.kinds", ExchangeKind.Topic)] public interface IKindsTopic { }
[Exchange("typedamqp.refused.001.kinds", ExchangeKind.Direct)] public interface IKindsDirect { }
#pragma warning restore TAMQP001

#pragma warning disable TAMQP002
[Queue("typedamqp.refused.002.settings", QueueKind.Quorum, DeliveryLimit = 5)] public interface ISettingsQuorum { }
[Queue("typedamqp.refused.002.settings", QueueKind.Classic)] public interface ISettingsClassic { }
#pragma warning restore TAMQP002

#pragma warning disable TAMQP003
[Queue("typedamqp.refused.003.undeclared-exchange", AutoDelete = true)] [Binding("typedamqp.refused.003.nowhere", "key")] public interface IUndeclaredExchange { }
#pragma warning restore TAMQP003

[Exchange("typedamqp.refused.032.headers", ExchangeKind.Headers, AutoDelete = true)] public interface IHeaders { }
#pragma warning disable TAMQP032
[Queue("typedamqp.refused.032.x-match", AutoDelete = true)] [Binding(typeof(IHeaders), Headers = new[] { "kind=a", "x-match=some" })] public interface IBadMatch { }
#pragma warning restore TAMQP032

#pragma warning disable TAMQP045
[Queue("typedamqp.refused.045.default-exchange", AutoDelete = true)] [Binding("")] public interface IDefaultExchangeBinding { }
#pragma warning restore TAMQP045

[Exchange("typedamqp.refused.033.internal", ExchangeKind.Fanout, Internal = true, AutoDelete = true)]
public interface IInternal
{
#pragma warning disable TAMQP033
    ValueTask Post(Probe probe);
#pragma warning restore TAMQP033
}

[Queue("typedamqp.refused.029.stream", QueueKind.Stream)]
#pragma warning disable TAMQP029
[Consumer(Prefetch = 0)]
#pragma warning restore TAMQP029
public interface IStreamWithoutPrefetch
{
    ValueTask Handle(Probe probe);
}

[JsonSerializable(typeof(Probe))]
public sealed partial class RefusalJson : JsonSerializerContext { }

/// <summary>What the generator emitted for the contracts above, for the integration tests.</summary>
public static class RefusedTopology
{
    public static TopologyDescription Description => TypedAmqp.Generated.MessagingTopology.Description;

    /// <summary>The prefetch the generated dispatcher of <see cref="IStreamWithoutPrefetch"/> consumes with.</summary>
    public const ushort StreamPrefetch = StreamWithoutPrefetchDispatcher.Prefetch;
}
