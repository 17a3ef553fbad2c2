using Microsoft.CodeAnalysis;
using TypedAmqp.Generators.Tests.Support;

namespace TypedAmqp.Generators.Tests;

/// <summary>Each diagnostic fires on a contract that breaks its rule, at the offending attribute or member, and stays quiet once the contract is fixed.</summary>
public sealed class DiagnosticTests
{
    /// <summary>(id, contracts that break the rule, the same contracts fixed, text the message must contain). "/*here*/" marks where the diagnostic belongs.</summary>
    public static TheoryData<string, string, string, string> Cases => new()
    {
        {
            "TAMQP001",
            """
            [Exchange("events", ExchangeKind.Topic)] public interface IA { [RoutingKey("a")] ValueTask A(Ping m); }
            /*here*/[Exchange("events", ExchangeKind.Direct)] public interface IB { [RoutingKey("a")] ValueTask B(Ping m); }
            [Queue("q")] [Binding("events", "a")] public interface IQ { }
            """,
            """
            [Exchange("events", ExchangeKind.Topic)] public interface IA { [RoutingKey("a")] ValueTask A(Ping m); }
            [Exchange("events", ExchangeKind.Topic)] public interface IB { [RoutingKey("a")] ValueTask B(Ping m); }
            [Queue("q")] [Binding("events", "a")] public interface IQ { }
            """,
            "type topic vs direct"
        },
        {
            "TAMQP002",
            """
            [Queue("jobs", QueueKind.Quorum)] [Binding("amq.direct", "jobs")] public interface IA { }
            /*here*/[Queue("jobs", QueueKind.Classic)] [Binding("amq.direct", "jobs")] public interface IB { }
            """,
            """
            [Queue("jobs", QueueKind.Quorum)] [Binding("amq.direct", "jobs")] public interface IA { }
            [Queue("jobs", QueueKind.Quorum)] [Binding("amq.direct", "jobs")] public interface IB { }
            """,
            "type quorum vs classic"
        },
        {
            "TAMQP003",
            """[Queue("q")] /*here*/[Binding("legacy.events", "x")] public interface IQ { }""",
            """
            [assembly: ExternalExchange("legacy.events", ExchangeKind.Topic)]
            [Queue("q")] [Binding("legacy.events", "x")] public interface IQ { }
            """,
            "legacy.events"
        },
        {
            "TAMQP004",
            """
            [Exchange("jobs", ExchangeKind.Direct)] public interface IJobs { [RoutingKey("run")] ValueTask Run(Ping m); }
            [Queue("q")] /*here*/[Binding(typeof(IJobs), "run.*")] [Binding(typeof(IJobs), "run")] public interface IQ { }
            """,
            """
            [Exchange("jobs", ExchangeKind.Direct)] public interface IJobs { [RoutingKey("run")] ValueTask Run(Ping m); }
            [Queue("q")] [Binding(typeof(IJobs), "run")] public interface IQ { }
            """,
            "direct exchanges compare keys exactly"
        },
        {
            "TAMQP004",
            """
            [Exchange("news", ExchangeKind.Headers)] public interface INews { ValueTask Post(Ping m); }
            [Queue("q")] /*here*/[Binding(typeof(INews))] public interface IQ { }
            """,
            """
            [Exchange("news", ExchangeKind.Headers)] public interface INews { ValueTask Post(Ping m); }
            [Queue("q")] [Binding(typeof(INews), Headers = new[] { "kind=sport" })] public interface IQ { }
            """,
            "needs Headers"
        },
        {
            "TAMQP004",
            """
            [Exchange("all", ExchangeKind.Fanout)] public interface IAll { ValueTask Post(Ping m); }
            [Queue("q")] /*here*/[Binding(typeof(IAll), "ignored")] public interface IQ { }
            """,
            """
            [Exchange("all", ExchangeKind.Fanout)] public interface IAll { ValueTask Post(Ping m); }
            [Queue("q")] [Binding(typeof(IAll))] public interface IQ { }
            """,
            "fanout exchanges ignore routing keys"
        },
        {
            "TAMQP005",
            """
            [Exchange("t", ExchangeKind.Topic)] public interface IT { [RoutingKey("a.b")] ValueTask P(Ping m); }
            [Queue("q")] /*here*/[Binding(typeof(IT), "a.b*")] [Binding(typeof(IT), "a.b")] public interface IQ { }
            """,
            """
            [Exchange("t", ExchangeKind.Topic)] public interface IT { [RoutingKey("a.b")] ValueTask P(Ping m); }
            [Queue("q")] [Binding(typeof(IT), "a.*")] public interface IQ { }
            """,
            "mixes a wildcard"
        },
        {
            "TAMQP005",
            """
            [Exchange("t", ExchangeKind.Topic)] public interface IT { /*here*/[RoutingKey("a..b")] ValueTask P(Ping m); }
            [Queue("q")] [Binding(typeof(IT), "#")] public interface IQ { }
            """,
            """
            [Exchange("t", ExchangeKind.Topic)] public interface IT { [RoutingKey("a.b")] ValueTask P(Ping m); }
            [Queue("q")] [Binding(typeof(IT), "#")] public interface IQ { }
            """,
            "empty word"
        },
        {
            "TAMQP006",
            """
            [Exchange("t", ExchangeKind.Topic)] public interface IT { [RoutingKey("order.created")] ValueTask /*here*/P(Ping m); }
            [Queue("q")] [Binding(typeof(IT), "order.cancelled")] public interface IQ { }
            """,
            """
            [Exchange("t", ExchangeKind.Topic)] public interface IT { [RoutingKey("order.created")] ValueTask P(Ping m); }
            [Queue("q")] [Binding(typeof(IT), "order.*")] public interface IQ { }
            """,
            "order.created"
        },
        {
            "TAMQP007",
            """/*here*/[Queue("lonely")] public interface IQ { }""",
            """[Queue("lonely")] [Binding("amq.fanout")] public interface IQ { }""",
            "lonely"
        },
        {
            "TAMQP008",
            """
            /*here*/[Exchange("amq.mine", ExchangeKind.Fanout)] public interface IT { ValueTask P(Ping m); }
            [Queue("q")] [Binding(typeof(IT))] public interface IQ { }
            """,
            """
            [Exchange("mine", ExchangeKind.Fanout)] public interface IT { ValueTask P(Ping m); }
            [Queue("q")] [Binding(typeof(IT))] public interface IQ { }
            """,
            "reserved"
        },
        {
            "TAMQP009",
            """/*here*/[Queue("q", QueueKind.Quorum, Exclusive = true)] [Binding("amq.fanout")] public interface IQ { }""",
            """[Queue("q", QueueKind.Quorum)] [Binding("amq.fanout")] public interface IQ { }""",
            "cannot be exclusive"
        },
        {
            "TAMQP009",
            """/*here*/[Queue("q", DeadLetterRoutingKey = "dead")] [Binding("amq.fanout")] public interface IQ { }""",
            """[Queue("q", DeadLetterExchange = "dlx", DeadLetterRoutingKey = "dead")] [Binding("amq.fanout")] public interface IQ { }""",
            "without DeadLetterExchange"
        },
        {
            "TAMQP010",
            """
            [Exchange("t", ExchangeKind.Fanout)] public interface IT { int /*here*/P(Ping m); }
            [Queue("q")] [Binding(typeof(IT))] public interface IQ { }
            """,
            """
            [Exchange("t", ExchangeKind.Fanout)] public interface IT { ValueTask P(Ping m); }
            [Queue("q")] [Binding(typeof(IT))] public interface IQ { }
            """,
            "returns int"
        },
        {
            "TAMQP010",
            """
            [Exchange("t", ExchangeKind.Topic)] public interface IT { ValueTask /*here*/P(Ping m, string extra); }
            [Queue("q")] [Binding(typeof(IT), "#")] public interface IQ { }
            """,
            """
            [Exchange("t", ExchangeKind.Topic)] public interface IT { [RoutingKey("p")] ValueTask P(Ping m, PublishOptions? options, CancellationToken ct); }
            [Queue("q")] [Binding(typeof(IT), "#")] public interface IQ { }
            """,
            "extra"
        },
        {
            "TAMQP011",
            """[Queue("q")] [Binding("amq.fanout")] [Consumer] public interface IQ { void /*here*/Handle(Ping m); }""",
            """[Queue("q")] [Binding("amq.fanout")] [Consumer] public interface IQ { ValueTask Handle(Ping m); }""",
            "returns void"
        },
        {
            "TAMQP012",
            """[Queue("q")] [Binding("amq.fanout")] [Consumer] public interface IQ { ValueTask First(Ping m); ValueTask /*here*/Second(Ping m, CancellationToken ct); }""",
            """[Queue("q")] [Binding("amq.fanout")] [Consumer] public interface IQ { ValueTask First(Ping m); ValueTask Second(Pong m, CancellationToken ct); }""",
            "two handlers"
        },
        {
            "TAMQP013",
            """
            [MessageType("shared")] public sealed record A(string X);
            /*here*/[MessageType("shared")] public sealed record B(string X);
            [Queue("q")] [Binding("amq.fanout")] [Consumer] public interface IQ { ValueTask H(A m); ValueTask H(B m); }
            """,
            """
            [MessageType("shared.a")] public sealed record A(string X);
            [MessageType("shared.b")] public sealed record B(string X);
            [Queue("q")] [Binding("amq.fanout")] [Consumer] public interface IQ { ValueTask H(A m); ValueTask H(B m); }
            """,
            "shared"
        },
        {
            "TAMQP015",
            """
            public sealed record Unregistered(string X);
            [Queue("q")] [Binding("amq.fanout")] /*here*/[Consumer] public interface IQ { ValueTask H(Unregistered m); }
            """,
            """
            public sealed record Registered(string X);
            [Queue("q")] [Binding("amq.fanout")] [Consumer] public interface IQ { ValueTask H(Registered m); }
            """,
            "Unregistered"
        },
        {
            "TAMQP016",
            """
            [Exchange("t", ExchangeKind.Topic)] public interface IT { /*here*/[RoutingKey("ping.{Missing}")] ValueTask P(Ping m); }
            [Queue("q")] [Binding(typeof(IT), "ping.*")] public interface IQ { }
            """,
            """
            [Exchange("t", ExchangeKind.Topic)] public interface IT { [RoutingKey("ping.{Name}.{Number}.{Id}")] ValueTask P(Ping m); }
            [Queue("q")] [Binding(typeof(IT), "ping.#")] public interface IQ { }
            """,
            "Missing"
        },
        {
            "TAMQP017",
            """
            public sealed record Tagged(List<string> Tags);
            [Exchange("t", ExchangeKind.Topic)] public interface IT { /*here*/[RoutingKey("tag.{Tags}")] ValueTask P(Tagged m); }
            [Queue("q")] [Binding(typeof(IT), "tag.*")] public interface IQ { }
            """,
            """
            public sealed record Tagged(string Tags);
            [Exchange("t", ExchangeKind.Topic)] public interface IT { [RoutingKey("tag.{Tags}")] ValueTask P(Tagged m); }
            [Queue("q")] [Binding(typeof(IT), "tag.*")] public interface IQ { }
            """,
            "List<string>"
        },
        {
            "TAMQP018",
            """[Queue("q")] [Binding("amq.fanout")] /*here*/[Consumer(Concurrency = 0)] public interface IQ { ValueTask H(Ping m); }""",
            """[Queue("q")] [Binding("amq.fanout")] [Consumer(Concurrency = 2)] public interface IQ { ValueTask H(Ping m); }""",
            "Concurrency 0"
        },
        {
            "TAMQP019",
            """
            /*here*/[Exchange("delayed", ExchangeKind.Custom)] public interface IT { [RoutingKey("x")] ValueTask P(Ping m); }
            [Queue("q")] [Binding(typeof(IT), "x")] public interface IQ { }
            """,
            """
            [Exchange("delayed", ExchangeKind.Custom, CustomType = "x-delayed-message")] public interface IT { [RoutingKey("x")] ValueTask P(Ping m); }
            [Queue("q")] [Binding(typeof(IT), "x")] public interface IQ { }
            """,
            "CustomType"
        },
        {
            "TAMQP020",
            """
            [Exchange("e", ExchangeKind.Fanout)] public interface /*here*/IE<T> { ValueTask P(Ping m); }
            """,
            """
            [Exchange("e", ExchangeKind.Fanout)] public interface IE { ValueTask P(Ping m); }
            """,
            "is generic"
        },
        {
            "TAMQP020",
            """
            public class Outer<T> { [Exchange("e", ExchangeKind.Fanout)] public interface /*here*/IE { ValueTask P(Ping m); } }
            """,
            """
            public class Outer { [Exchange("e", ExchangeKind.Fanout)] public interface IE { ValueTask P(Ping m); } }
            """,
            "Outer.IE"
        },
        {
            "TAMQP021",
            """
            public class Outer { [Exchange("e", ExchangeKind.Fanout)] private interface /*here*/IE { ValueTask P(Ping m); } }
            """,
            """
            public class Outer { [Exchange("e", ExchangeKind.Fanout)] internal interface IE { ValueTask P(Ping m); } }
            """,
            "private or protected"
        },
        {
            "TAMQP022",
            """
            public sealed class EPublisher { }
            [Exchange("e", ExchangeKind.Fanout)] public interface /*here*/IE { ValueTask P(Ping m); }
            """,
            """
            public sealed class OtherPublisher { }
            [Exchange("e", ExchangeKind.Fanout)] public interface IE { ValueTask P(Ping m); }
            """,
            "Test.EPublisher"
        },
        {
            "TAMQP023",
            """
            [Exchange("a", ExchangeKind.Fanout)] public interface IOrders { ValueTask P(Ping m); }
            /*here*/[Exchange("b", ExchangeKind.Fanout)] public interface Orders { ValueTask P(Ping m); }
            """,
            """
            [Exchange("a", ExchangeKind.Fanout)] public interface IOrders { ValueTask P(Ping m); }
            [Exchange("b", ExchangeKind.Fanout)] public interface IMoreOrders { ValueTask P(Ping m); }
            """,
            "Test.OrdersPublisher"
        },
        {
            "TAMQP024",
            """
            /*here*/[Consumer] public interface IH { ValueTask Handle(Ping m); }
            """,
            """
            [Queue("q")] [Binding("amq.fanout")] [Consumer] public interface IH { ValueTask Handle(Ping m); }
            """,
            "no [Queue]"
        },
        {
            "TAMQP025",
            """
            /*here*/[Queue("q", Durable = false)] [Binding("amq.fanout")] public interface IQ { }
            """,
            """
            [Queue("q", Durable = false, Exclusive = true)] [Binding("amq.fanout")] public interface IQ { }
            """,
            "deprecates transient"
        },
        {
            "TAMQP025",
            """
            /*here*/[Queue("q", Durable = false)] [Binding("amq.fanout")] public interface IQ { }
            """,
            """
            [assembly: TargetBroker("3.13")]
            [Queue("q", Durable = false)] [Binding("amq.fanout")] public interface IQ { }
            """,
            "RabbitMQ 4.0"
        },
        {
            "TAMQP026",
            """
            /*here*/[Queue("q", QueueKind.Quorum)] [Binding("amq.fanout")] public interface IQ { }
            """,
            """
            [Queue("q", QueueKind.Quorum, DeliveryLimit = 5)] [Binding("amq.fanout")] public interface IQ { }
            """,
            "delivery limit of 20"
        },
        {
            "TAMQP027",
            """
            [Queue("q")] [Binding("amq.fanout")] /*here*/[Argument("x-message-ttl", "1000")] public interface IQ { }
            """,
            """
            [Queue("q")] [Binding("amq.fanout")] [Argument("x-message-ttl", 1000)] public interface IQ { }
            """,
            "must be an integer"
        },
        {
            "TAMQP027",
            """
            [Queue("q")] [Binding("amq.fanout")] /*here*/[Argument("x-expires", 5000000000L)] public interface IQ { }
            """,
            """
            [Queue("q")] [Binding("amq.fanout")] [Argument("x-expires", 86400000L)] public interface IQ { }
            """,
            "outside 1–4294967295"
        },
        {
            "TAMQP027",
            """
            [Queue("q")] [Binding("amq.fanout")] /*here*/[Argument("x-overflow", "drop-tail")] public interface IQ { }
            """,
            """
            [Queue("q")] [Binding("amq.fanout")] [Argument("x-overflow", "drop-head")] public interface IQ { }
            """,
            "must be one of"
        },
        {
            "TAMQP028",
            """
            [Queue("q", MessageTtl = 1000)] [Binding("amq.fanout")] /*here*/[Argument("x-message-ttl", 2000)] public interface IQ { }
            """,
            """
            [Queue("q")] [Binding("amq.fanout")] [Argument("x-message-ttl", 2000)] public interface IQ { }
            """,
            "MessageTtl = 1000 and [Argument] = 2000"
        },
        {
            "TAMQP028",
            """
            [Queue("q", QueueKind.Quorum, DeliveryLimit = 5)] [Binding("amq.fanout")] /*here*/[Argument("x-queue-type", "classic")] public interface IQ { }
            """,
            """
            [Queue("q", QueueKind.Quorum, DeliveryLimit = 5)] [Binding("amq.fanout")] public interface IQ { }
            """,
            "QueueKind = quorum and [Argument] = classic"
        },
        {
            "TAMQP029",
            """
            [Queue("s", QueueKind.Stream)] [Binding("amq.fanout")] /*here*/[Consumer(Prefetch = 0)] public interface IS { ValueTask Handle(Ping m); }
            """,
            """
            [Queue("s", QueueKind.Stream)] [Binding("amq.fanout")] [Consumer(Prefetch = 100)] public interface IS { ValueTask Handle(Ping m); }
            """,
            "Prefetch = 0"
        },
        {
            "TAMQP030",
            """
            /*here*/[Queue("q", DeadLetterExchange = "nowhere")] [Binding("amq.fanout")] public interface IQ { }
            """,
            """
            [Exchange("nowhere", ExchangeKind.Fanout)] public interface IDead { }
            [Queue("q", DeadLetterExchange = "nowhere")] [Binding("amq.fanout")] public interface IQ { }
            """,
            "'nowhere'"
        },
        {
            "TAMQP030",
            """
            /*here*/[Exchange("e", ExchangeKind.Fanout, AlternateExchange = "lost")] public interface IE { ValueTask P(Ping m); }
            [Queue("q")] [Binding(typeof(IE))] public interface IQ { }
            """,
            """
            [assembly: ExternalExchange("lost", ExchangeKind.Fanout)]
            [Exchange("e", ExchangeKind.Fanout, AlternateExchange = "lost")] public interface IE { ValueTask P(Ping m); }
            [Queue("q")] [Binding(typeof(IE))] public interface IQ { }
            """,
            "unroutable messages"
        },
        {
            "TAMQP031",
            """
            [assembly: /*here*/ExternalExchange("shared", ExchangeKind.Topic)]
            [Exchange("shared", ExchangeKind.Fanout)] public interface IS { ValueTask P(Ping m); }
            [Queue("q")] [Binding(typeof(IS))] public interface IQ { }
            """,
            """
            [assembly: ExternalExchange("shared", ExchangeKind.Fanout)]
            [Exchange("shared", ExchangeKind.Fanout)] public interface IS { ValueTask P(Ping m); }
            [Queue("q")] [Binding(typeof(IS))] public interface IQ { }
            """,
            "declares it as fanout"
        },
        {
            "TAMQP032",
            """
            [Exchange("h", ExchangeKind.Headers)] public interface IH { ValueTask P(Ping m); }
            [Queue("q")] /*here*/[Binding(typeof(IH), Headers = new[] { "kind=a", "x-match=some" })] public interface IQ { }
            """,
            """
            [Exchange("h", ExchangeKind.Headers)] public interface IH { ValueTask P(Ping m); }
            [Queue("q")] [Binding(typeof(IH), Headers = new[] { "kind=a" }, HeaderMatch = HeaderMatch.AnyWithX)] public interface IQ { }
            """,
            "not an x-match value"
        },
        {
            "TAMQP033",
            """
            [Exchange("i", ExchangeKind.Fanout, Internal = true)] public interface II { ValueTask /*here*/P(Ping m); }
            [Queue("q")] [Binding(typeof(II))] public interface IQ { }
            """,
            """
            [Exchange("i", ExchangeKind.Fanout)] public interface II { ValueTask P(Ping m); }
            [Queue("q")] [Binding(typeof(II))] public interface IQ { }
            """,
            "Internal"
        },
        {
            "TAMQP034",
            """
            [Exchange("rpc", ExchangeKind.Direct)] public interface IR { [RoutingKey("ask")] /*here*/[ReplyTimeout(0)] ValueTask<Pong> Ask(Ping m); }
            [Queue("q")] [Binding(typeof(IR), "ask")] public interface IQ { }
            """,
            """
            [Exchange("rpc", ExchangeKind.Direct)] public interface IR { [RoutingKey("ask")] [ReplyTimeout(5000)] ValueTask<Pong> Ask(Ping m); }
            [Queue("q")] [Binding(typeof(IR), "ask")] public interface IQ { }
            """,
            "[ReplyTimeout(0)]"
        },
        {
            "TAMQP035",
            """
            /*here*/[MessageType("")] public sealed record A(string X);
            [Exchange("e", ExchangeKind.Fanout)] public interface IE { ValueTask P(A m); }
            [Queue("q")] [Binding(typeof(IE))] public interface IQ { }
            """,
            """
            [MessageType("a")] public sealed record A(string X);
            [Exchange("e", ExchangeKind.Fanout)] public interface IE { ValueTask P(A m); }
            [Queue("q")] [Binding(typeof(IE))] public interface IQ { }
            """,
            "it is empty"
        },
        {
            "TAMQP036",
            """
            [Exchange("d", ExchangeKind.Direct)] public interface ID { /*here*/[RoutingKey("kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk")] ValueTask P(Ping m); }
            [Queue("q")] [Binding(typeof(ID), "short")] public interface IQ { }
            """,
            """
            [Exchange("d", ExchangeKind.Direct)] public interface ID { [RoutingKey("short")] ValueTask P(Ping m); }
            [Queue("q")] [Binding(typeof(ID), "short")] public interface IQ { }
            """,
            "260 UTF-8 bytes"
        },
        {
            "TAMQP037",
            """
            [Exchange("rpc", ExchangeKind.Direct)] public interface IR { [RoutingKey("ask")] ValueTask<Pong> Ask(Ping m); }
            [Queue("q")] [Binding(typeof(IR), "ask")] [Consumer] public interface IH { ValueTask /*here*/Handle(Ping m); }
            """,
            """
            [Exchange("rpc", ExchangeKind.Direct)] public interface IR { [RoutingKey("ask")] ValueTask<Pong> Ask(Ping m); }
            [Queue("q")] [Binding(typeof(IR), "ask")] [Consumer] public interface IH { ValueTask<Pong> Handle(Ping m); }
            """,
            "answers nothing"
        },
        {
            "TAMQP038",
            """
            public sealed record Price(decimal Amount, string Name);
            [Exchange("t", ExchangeKind.Topic)] public interface IT { /*here*/[RoutingKey("price.{Amount}")] ValueTask P(Price m); }
            [Queue("q")] [Binding(typeof(IT), "price.#")] public interface IQ { }
            """,
            """
            public sealed record Price(decimal Amount, string Name);
            [Exchange("t", ExchangeKind.Topic)] public interface IT { [RoutingKey("price.{Name}")] ValueTask P(Price m); }
            [Queue("q")] [Binding(typeof(IT), "price.#")] public interface IQ { }
            """,
            "decimal"
        },
        {
            "TAMQP039",
            """
            [assembly: /*here*/TargetBroker("four")]
            [Queue("q")] [Binding("amq.fanout")] public interface IQ { }
            """,
            """
            [assembly: TargetBroker("4.0")]
            [Queue("q")] [Binding("amq.fanout")] public interface IQ { }
            """,
            "'four'"
        },
        {
            "TAMQP040",
            """
            [Queue("q")] [Binding("amq.fanout")] /*here*/[Consumer(MaxDeliveryCount = 3)] public interface IH { ValueTask Handle(Ping m); }
            """,
            """
            [Queue("q", QueueKind.Quorum, DeliveryLimit = 5)] [Binding("amq.fanout")] [Consumer(MaxDeliveryCount = 3)] public interface IH { ValueTask Handle(Ping m); }
            """,
            "only quorum queues"
        },
        {
            "TAMQP041",
            """
            [Queue("q")] [Binding("amq.fanout")] /*here*/[Consumer(Prefetch = 2, Concurrency = 8)] public interface IH { ValueTask Handle(Ping m); }
            """,
            """
            [Queue("q")] [Binding("amq.fanout")] [Consumer(Prefetch = 16, Concurrency = 8)] public interface IH { ValueTask Handle(Ping m); }
            """,
            "at most 2"
        },
        {
            "TAMQP042",
            """
            [Exchange("work", ExchangeKind.Direct)] public interface IW { [RoutingKey("job")] ValueTask P(Ping m); }
            /*here*/[Queue("q", DeadLetterExchange = "work", DeadLetterRoutingKey = "job")] [Binding(typeof(IW), "job")] public interface IQ { }
            """,
            """
            [Exchange("work", ExchangeKind.Direct)] public interface IW { [RoutingKey("job")] ValueTask P(Ping m); }
            [Queue("q", DeadLetterExchange = "work", DeadLetterRoutingKey = "job.dead")] [Binding(typeof(IW), "job")] public interface IQ { }
            """,
            "drops messages that cycle"
        },
        {
            "TAMQP043",
            """
            [Queue("q")] [Binding("amq.fanout")] /*here*/[Argument("x-queue-mode", "lazy")] public interface IQ { }
            """,
            """
            [assembly: TargetBroker("3.11")]
            [Queue("q")] [Binding("amq.fanout")] [Argument("x-queue-mode", "lazy")] public interface IQ { }
            """,
            "x-queue-mode"
        },
        {
            "TAMQP044",
            """
            [Exchange("f", ExchangeKind.Fanout)] public interface IF { /*here*/[RoutingKey("ignored")] ValueTask P(Ping m); }
            [Queue("q")] [Binding(typeof(IF))] public interface IQ { }
            """,
            """
            [Exchange("f", ExchangeKind.Fanout)] public interface IF { ValueTask P(Ping m); }
            [Queue("q")] [Binding(typeof(IF))] public interface IQ { }
            """,
            "ignores routing keys"
        },
        {
            "TAMQP045",
            """
            [Queue("q")] /*here*/[Binding("")] public interface IQ { }
            """,
            """
            [Queue("q")] [Binding("amq.fanout")] public interface IQ { }
            """,
            "default exchange"
        },
        {
            "TAMQP009",
            """
            [assembly: TargetBroker("3.13")]
            /*here*/[Queue("q", QueueKind.Quorum, MaxPriority = 5, DeliveryLimit = 5)] [Binding("amq.fanout")] public interface IQ { }
            """,
            """
            [assembly: TargetBroker("4.0")]
            [Queue("q", QueueKind.Quorum, MaxPriority = 5, DeliveryLimit = 5)] [Binding("amq.fanout")] public interface IQ { }
            """,
            "priorities before RabbitMQ 4.0"
        },
        {
            "TAMQP009",
            """
            [Queue("s", QueueKind.Stream)] [Binding("amq.fanout")] /*here*/[Argument("x-max-length", 10)] public interface IS { }
            """,
            """
            [Queue("s", QueueKind.Stream)] [Binding("amq.fanout")] [Argument("x-max-length-bytes", 1000000)] public interface IS { }
            """,
            "do not take x-max-length"
        },
        {
            "TAMQP009",
            """
            /*here*/[Queue("q", DeliveryLimit = 3)] [Binding("amq.fanout")] public interface IQ { }
            """,
            """
            [Queue("q", QueueKind.Quorum, DeliveryLimit = 3)] [Binding("amq.fanout")] public interface IQ { }
            """,
            "have no delivery limit"
        },
        {
            "TAMQP046",
            """/*here*/[Queue("")] [Binding("amq.fanout")] public interface IQ { }""",
            """[Queue("", Exclusive = true)] [Binding("amq.fanout")] public interface IQ { }""",
            "neither Exclusive nor AutoDelete"
        },
        {
            "TAMQP047",
            """[Queue("q")] /*here*/[Binding(typeof(Ping))] public interface IQ { }""",
            """[Queue("q")] [Binding("amq.fanout")] public interface IQ { }""",
            "a type without [Exchange]"
        },
        {
            "TAMQP048",
            """
            public sealed class NotAContext { }
            [Exchange("e", ExchangeKind.Fanout)] /*here*/[JsonContext(typeof(NotAContext))] public interface IE { ValueTask P(Ping m); }
            [Queue("q")] [Binding(typeof(IE))] public interface IQ { }
            """,
            """
            [Exchange("e", ExchangeKind.Fanout)] [JsonContext(typeof(TestJson))] public interface IE { ValueTask P(Ping m); }
            [Queue("q")] [Binding(typeof(IE))] public interface IQ { }
            """,
            "not a System.Text.Json.Serialization.JsonSerializerContext"
        },
        {
            "TAMQP049",
            """/*here*/[Queue("q\ud800")] [Binding("amq.fanout")] public interface IQ { }""",
            """[Queue("q\ud83d\ude00")] [Binding("amq.fanout")] public interface IQ { }""",
            "lone UTF-16 surrogate"
        },
    };

    private static readonly string[] MessageTypes = ["Ping", "Pong", "A", "B", "Registered", "Tagged", "Price"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fires_at_the_offending_declaration_and_names_the_entities(string id, string broken, string fixedContracts, string mentioned)
    {
        Assert.NotEqual(broken, fixedContracts);
        string source = Sources.WithContext(broken, MessageTypes.Where(t => broken.Contains($"record {t}(", StringComparison.Ordinal) || t is "Ping" or "Pong").ToArray());
        GeneratorResult result = GeneratorHarness.Run(source);

        Diagnostic diagnostic = Assert.Single(result.Diagnostics(id));
        Assert.Contains(mentioned, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        int marker = source.IndexOf("/*here*/", StringComparison.Ordinal);
        Assert.True(marker >= 0, "test case lacks a /*here*/ marker");
        int expectedStart = marker + "/*here*/".Length;
        if (source[expectedStart] == '[') expectedStart++; // attribute diagnostics point at the attribute inside its brackets
        Assert.True(diagnostic.Location.SourceSpan.Start == expectedStart,
            $"{id} reported at {diagnostic.Location.GetLineSpan()} ('{source.Substring(diagnostic.Location.SourceSpan.Start, Math.Min(30, source.Length - diagnostic.Location.SourceSpan.Start))}'), expected at the /*here*/ marker");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Stays_quiet_once_the_contract_is_fixed(string id, string broken, string fixedContracts, string mentioned)
    {
        Assert.NotEqual(broken, fixedContracts);
        Assert.NotEmpty(mentioned);
        string source = Sources.WithContext(fixedContracts, MessageTypes.Where(t => fixedContracts.Contains($"record {t}(", StringComparison.Ordinal) || t is "Ping" or "Pong").ToArray());
        GeneratorResult result = GeneratorHarness.Run(source);

        Assert.Empty(result.Diagnostics(id));
        Assert.Empty(result.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Empty(result.ErrorsInGeneratedCode());
    }

    [Fact]
    public void A_contract_without_any_json_context_is_reported()
    {
        string source = GeneratorHarness.Usings + """
            namespace NoContext;
            public sealed record Ping(string Name);
            [Queue("q")] [Binding("amq.fanout")] [Consumer] public interface IQ { ValueTask H(Ping m); }
            """;
        GeneratorResult result = GeneratorHarness.Run(source);

        Diagnostic diagnostic = Assert.Single(result.Diagnostics("TAMQP014"));
        Assert.Contains("IQ", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_descriptor_is_documented()
    {
        string docs = File.ReadAllText(Path.Combine(Baselines.RepositoryRoot, "docs", "diagnostics.md"));
        IEnumerable<string> ids = typeof(TypedAmqpGenerator).Assembly.GetType("TypedAmqp.Generators.Diagnostics.DiagnosticDescriptors")!
            .GetFields().Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id);
        foreach (string id in ids) Assert.Contains($"## {id}", docs, StringComparison.Ordinal);
    }
}
