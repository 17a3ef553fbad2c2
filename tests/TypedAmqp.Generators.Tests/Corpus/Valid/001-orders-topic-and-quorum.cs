// The README's contract: a topic exchange with a placeholder key, a quorum queue with a consumer and a dead-letter exchange.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Shop.ShopJson))]

namespace Shop;

public enum Region { Eu, Us }

public sealed record OrderCreated(Guid OrderId, Region Region, string Customer, decimal Total);

[Exchange("orders", ExchangeKind.Topic)]
public interface IOrderEvents
{
    [RoutingKey("order.created.{Region}")]
    ValueTask OrderCreated(OrderCreated message, CancellationToken ct = default);
}

[Exchange("orders.dlx", ExchangeKind.Fanout)]
public interface IOrderDeadLetters { }

[Queue("billing.orders", QueueKind.Quorum, DeadLetterExchange = "orders.dlx", DeliveryLimit = 5)]
[Binding(typeof(IOrderEvents), "order.created.*")]
[Consumer(Prefetch = 32, Concurrency = 4, Retries = 3)]
public interface IBillingHandler
{
    ValueTask Handle(OrderCreated message, MessageContext context, CancellationToken ct);
}

[Queue("orders.dead")]
[Binding(typeof(IOrderDeadLetters))]
public interface IDeadOrders { }

[JsonSerializable(typeof(OrderCreated))]
public sealed partial class ShopJson : JsonSerializerContext { }
