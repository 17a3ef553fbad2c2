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
    };

    private static readonly string[] MessageTypes = ["Ping", "Pong", "A", "B", "Registered", "Tagged"];

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
