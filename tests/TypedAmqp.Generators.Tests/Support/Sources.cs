namespace TypedAmqp.Generators.Tests.Support;

/// <summary>Contract sources shared by the tests.</summary>
internal static class Sources
{
    /// <summary>A complete, valid contract set: topic exchange with a placeholder key, a quorum queue with a consumer.</summary>
    public const string Orders = GeneratorHarness.Usings + """
        [assembly: JsonContext(typeof(Shop.Contracts.ShopJson))]

        namespace Shop.Contracts;

        public enum Region { Eu, Us }

        [MessageType("orders.created")]
        public sealed record OrderCreated(Guid OrderId, Region Region, string Customer, decimal Total);

        [MessageType("orders.cancelled")]
        public sealed record OrderCancelled(Guid OrderId, string Reason);

        [Exchange("orders", ExchangeKind.Topic)]
        public interface IOrderEvents
        {
            [RoutingKey("order.created.{Region}")]
            ValueTask OrderCreated(OrderCreated message, CancellationToken cancellationToken = default);

            [RoutingKey("order.cancelled")]
            Task OrderCancelled(OrderCancelled message, PublishOptions? options = null, CancellationToken cancellationToken = default);

            [RoutingKey("order.created.{Region}")]
            ValueTask OrdersCreated(IReadOnlyList<OrderCreated> messages, CancellationToken cancellationToken = default);
        }

        [Exchange("orders.dlx", ExchangeKind.Fanout)]
        public interface IOrderDeadLetters
        {
        }

        [Queue("billing.orders", QueueKind.Quorum, DeadLetterExchange = "orders.dlx", DeliveryLimit = 5)]
        [Binding(typeof(IOrderEvents), "order.created.*")]
        [Binding(typeof(IOrderEvents), "order.cancelled")]
        [Consumer(Prefetch = 32, Concurrency = 4)]
        public interface IBillingHandler
        {
            ValueTask Handle(OrderCreated message, MessageContext context, CancellationToken cancellationToken);

            Task Handle(OrderCancelled message);
        }

        [Queue("orders.dead")]
        [Binding(typeof(IOrderDeadLetters))]
        public interface IDeadOrders
        {
        }

        [JsonSerializable(typeof(OrderCreated))]
        [JsonSerializable(typeof(OrderCancelled))]
        public sealed partial class ShopJson : JsonSerializerContext
        {
            // Stands in for what System.Text.Json's generator adds in a real build.
            public static ShopJson Default => null!;
        }
        """;

    /// <summary>Wraps contract declarations with the usings, a namespace and a JSON context for the given message types.</summary>
    public static string WithContext(string declarations, params string[] messageTypes)
    {
        // Assembly attributes must precede the namespace declaration.
        string[] lines = declarations.Split('\n');
        string assemblyAttributes = string.Join("\n", lines.Where(l => l.Contains("[assembly:", StringComparison.Ordinal)));
        declarations = string.Join("\n", lines.Where(l => !l.Contains("[assembly:", StringComparison.Ordinal)));
        return GeneratorHarness.Usings + assemblyAttributes + "\n" + """
            [assembly: JsonContext(typeof(Test.TestJson))]

            namespace Test;

            public sealed record Ping(string Name, int Number, Guid Id);
            public sealed record Pong(string Name);

            """ + declarations + "\n\n" +
        string.Concat(messageTypes.Select(t => $"[JsonSerializable(typeof({t}))]\n")) +
        "public sealed partial class TestJson : JsonSerializerContext { public static TestJson Default => null!; }\n";
    }
}
