using TypedAmqp.Generators.Tests.Support;

namespace TypedAmqp.Generators.Tests;

/// <summary>
/// Diagnostics checked with Microsoft.CodeAnalysis.Testing's markup: {|ID:span|} is exactly where the diagnostic
/// must be, and the test fails on any diagnostic not marked. These cover shapes users get wrong in several places
/// at once (one root cause, one diagnostic).
/// </summary>
public sealed class MarkupDiagnosticTests
{
    private const string Header = """
        using System.Threading;
        using System.Threading.Tasks;
        using System.Text.Json.Serialization;
        using TypedAmqp;

        [assembly: JsonContext(typeof(Test.TestJson))]

        namespace Test;

        public sealed record Ping(string Name);

        [JsonSerializable(typeof(Ping))]
        public sealed partial class TestJson : JsonSerializerContext { public static TestJson Default => null!; }

        """;

    [Fact]
    public async Task Each_rejected_member_gets_one_diagnostic_and_nothing_else()
    {
        await new RoslynTesting.GeneratorTest
        {
            TestCode = Header + """
                [Exchange("pings", ExchangeKind.Fanout)]
                public interface IPings
                {
                    ValueTask Post(Ping message);
                    ValueTask {|TAMQP010:Generic|}<T>(T message);
                    ValueTask {|TAMQP010:ByReference|}(in Ping message);
                    int {|TAMQP010:Count|}(Ping message);
                    string {|TAMQP010:Name|} { get; }
                }

                [Queue("pings")] [Binding(typeof(IPings))] public interface IPingQueue { }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task Contracts_no_class_can_implement_are_reported_at_their_names()
    {
        await new RoslynTesting.GeneratorTest
        {
            TestCode = Header + """
                [Exchange("a", ExchangeKind.Fanout)] public interface {|TAMQP020:IGeneric|}<T> { ValueTask Post(Ping message); }

                public class Outer
                {
                    [Exchange("b", ExchangeKind.Fanout)] protected interface {|TAMQP021:IHidden|} { ValueTask Post(Ping message); }
                }

                public sealed class TakenPublisher { }
                [Exchange("c", ExchangeKind.Fanout)] public interface {|TAMQP022:ITaken|} { ValueTask Post(Ping message); }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task Inherited_overloaded_and_keyword_members_get_no_diagnostic()
    {
        await new RoslynTesting.GeneratorTest
        {
            TestCode = Header + """
                public sealed record Pong(string @class);

                public interface IBase { [RoutingKey("ping")] ValueTask Send(Ping message, CancellationToken ct = default); }

                [Exchange("overloads", ExchangeKind.Direct)]
                [JsonContext(typeof(OverloadJson))]
                public interface IOverloads : IBase
                {
                    [RoutingKey("pong.{class}")] ValueTask Send(Pong @event, CancellationToken @checked = default);
                }

                [Queue("overloads")] [Binding(typeof(IOverloads), "ping")] [Binding(typeof(IOverloads), "pong.x")] public interface IOverloadQueue { }

                [JsonSerializable(typeof(Ping))]
                [JsonSerializable(typeof(Pong))]
                public sealed partial class OverloadJson : JsonSerializerContext { public static OverloadJson Default => null!; }
                """,
        }.RunAsync();
    }
}
