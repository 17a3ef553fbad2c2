using TypedAmqp.CodeFixes;
using TypedAmqp.Generators.Tests.Support;

namespace TypedAmqp.Generators.Tests.CodeFixes;

public sealed class MarkExchangeExternalFixTests
{
    [Fact]
    public async Task A_binding_to_an_undeclared_topic_exchange_gets_it_marked_external()
    {
        await new RoslynTesting.FixTest<MarkExchangeExternalFix>
        {
            TestCode = """
                using TypedAmqp;

                [Queue("q")]
                [{|TAMQP003:Binding("legacy.events", "order.*")|}]
                public interface IQ { }
                """,
            FixedCode = """
                using TypedAmqp;

                [assembly: ExternalExchange("legacy.events", ExchangeKind.Topic)]

                [Queue("q")]
                [Binding("legacy.events", "order.*")]
                public interface IQ { }
                """,
        }.RunAsync();
    }
}
