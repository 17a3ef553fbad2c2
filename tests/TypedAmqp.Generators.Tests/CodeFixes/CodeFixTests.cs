using TypedAmqp.CodeFixes;
using TypedAmqp.Generators.Tests.Support;

namespace TypedAmqp.Generators.Tests.CodeFixes;

/// <summary>Each code fix, on the diagnostic TypedAmqp's generator reports at the marked span, produces the fixed code (and the fixed code has no such diagnostic left).</summary>
public sealed class CodeFixTests
{
    private const string Usings = """
        using System.Threading.Tasks;
        using System.Text.Json.Serialization;
        using TypedAmqp;

        """;

    [Fact]
    public async Task TAMQP030_marks_an_undeclared_dead_letter_exchange_external()
    {
        await new RoslynTesting.FixTest<MarkExchangeExternalFix>
        {
            TestCode = Usings + """
                [{|TAMQP030:Queue("q", DeadLetterExchange = "dead")|}]
                [Binding("amq.fanout")]
                public interface IQ { }
                """,
            FixedCode = Usings + """
                [assembly: ExternalExchange("dead", ExchangeKind.Fanout)]

                [Queue("q", DeadLetterExchange = "dead")]
                [Binding("amq.fanout")]
                public interface IQ { }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task TAMQP009_removes_what_quorum_queues_refuse()
    {
        await new RoslynTesting.FixTest<QueueSettingFix>
        {
            TestCode = Usings + """
                [{|TAMQP009:{|TAMQP009:Queue("q", QueueKind.Quorum, Durable = false, Exclusive = true, DeliveryLimit = 5)|}|}]
                [Binding("amq.fanout")]
                public interface IQ { }
                """,
            FixedCode = Usings + """
                [Queue("q", QueueKind.Quorum, DeliveryLimit = 5)]
                [Binding("amq.fanout")]
                public interface IQ { }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task TAMQP025_makes_a_transient_queue_durable()
    {
        await new RoslynTesting.FixTest<QueueSettingFix>
        {
            TestCode = Usings + """
                [{|TAMQP025:Queue("q", Durable = false, AutoDelete = true)|}]
                [Binding("amq.fanout")]
                public interface IQ { }
                """,
            FixedCode = Usings + """
                [Queue("q", AutoDelete = true)]
                [Binding("amq.fanout")]
                public interface IQ { }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task TAMQP005_drops_empty_words_of_a_topic_binding_key()
    {
        await new RoslynTesting.FixTest<TopicKeyFix>
        {
            TestCode = Usings + """
                [Queue("q")]
                [{|TAMQP005:Binding("amq.topic", "order..created.")|}]
                public interface IQ { }
                """,
            FixedCode = Usings + """
                [Queue("q")]
                [Binding("amq.topic", "order.created")]
                public interface IQ { }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task TAMQP026_states_the_delivery_limit()
    {
        await new RoslynTesting.FixTest<DeliveryLimitFix>
        {
            TestCode = Usings + """
                [{|TAMQP026:Queue("q", QueueKind.Quorum)|}]
                [Binding("amq.fanout")]
                public interface IQ { }
                """,
            FixedCode = Usings + """
                [Queue("q", QueueKind.Quorum, DeliveryLimit = 20)]
                [Binding("amq.fanout")]
                public interface IQ { }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task TAMQP028_removes_the_argument_that_repeats_a_setting()
    {
        await new RoslynTesting.FixTest<RemoveAttributeFix>
        {
            TestCode = Usings + """
                [Queue("q", MessageTtl = 1000)]
                [Binding("amq.fanout")]
                [{|TAMQP028:Argument("x-message-ttl", 2000)|}]
                public interface IQ { }
                """,
            FixedCode = Usings + """
                [Queue("q", MessageTtl = 1000)]
                [Binding("amq.fanout")]
                public interface IQ { }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task TAMQP032_moves_x_match_into_HeaderMatch()
    {
        await new RoslynTesting.FixTest<HeaderMatchFix>
        {
            TestCode = Usings + """
                [Queue("q")]
                [{|TAMQP032:Binding("amq.headers", Headers = new[] { "kind=a", "x-match=any" })|}]
                public interface IQ { }
                """,
            FixedCode = Usings + """
                [Queue("q")]
                [Binding("amq.headers", Headers = new[] { "kind=a" }, HeaderMatch = HeaderMatch.Any)]
                public interface IQ { }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task TAMQP015_registers_the_message_type_on_the_json_context()
    {
        await new RoslynTesting.FixTest<JsonSerializableFix>
        {
            TestCode = Usings + """
                [assembly: JsonContext(typeof(Shop.ShopJson))]

                namespace Shop;

                public sealed record Ping(string Name);
                public sealed record Pong(string Name);

                [{|TAMQP015:Exchange("pings", ExchangeKind.Fanout)|}]
                public interface IPings { ValueTask Ping(Ping message); ValueTask Pong(Pong message); }

                [Queue("pings")] [Binding(typeof(IPings))] public interface IPingQueue { }

                [JsonSerializable(typeof(Ping))]
                public sealed partial class ShopJson : JsonSerializerContext { public static ShopJson Default => null!; }
                """,
            FixedCode = Usings + """
                [assembly: JsonContext(typeof(Shop.ShopJson))]

                namespace Shop;

                public sealed record Ping(string Name);
                public sealed record Pong(string Name);

                [Exchange("pings", ExchangeKind.Fanout)]
                public interface IPings { ValueTask Ping(Ping message); ValueTask Pong(Pong message); }

                [Queue("pings")] [Binding(typeof(IPings))] public interface IPingQueue { }

                [JsonSerializable(typeof(Ping))]
                [JsonSerializable(typeof(Pong))]
                public sealed partial class ShopJson : JsonSerializerContext { public static ShopJson Default => null!; }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task TAMQP044_removes_a_routing_key_a_fanout_exchange_ignores()
    {
        await new RoslynTesting.FixTest<RemoveAttributeFix>
        {
            TestCode = Usings + """
                public sealed record Ping(string Name);
                [Exchange("all", ExchangeKind.Fanout)]
                [JsonContext(typeof(PingJson))]
                public interface IAll
                {
                    [{|TAMQP044:RoutingKey("ignored")|}]
                    ValueTask Post(Ping message);
                }

                [Queue("q")] [Binding(typeof(IAll))] public interface IQ { }

                [JsonSerializable(typeof(Ping))]
                public sealed partial class PingJson : JsonSerializerContext { public static PingJson Default => null!; }
                """,
            FixedCode = Usings + """
                public sealed record Ping(string Name);
                [Exchange("all", ExchangeKind.Fanout)]
                [JsonContext(typeof(PingJson))]
                public interface IAll
                {
                    ValueTask Post(Ping message);
                }

                [Queue("q")] [Binding(typeof(IAll))] public interface IQ { }

                [JsonSerializable(typeof(Ping))]
                public sealed partial class PingJson : JsonSerializerContext { public static PingJson Default => null!; }
                """,
        }.RunAsync();
    }
}
