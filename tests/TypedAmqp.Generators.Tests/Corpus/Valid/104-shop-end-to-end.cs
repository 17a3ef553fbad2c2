// A realistic shop: topic events, RPC pricing, fanout notifications, headers routing, dead-letter chain, stream audit, retries.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Shop.Contracts.ShopJson))]

namespace Shop.Contracts;

public enum Region { Eu, Us, Apac }
public enum Channel { Web, Mobile, Store }

[MessageType("order.placed")] public sealed record OrderPlaced(Guid OrderId, Region Region, Channel Channel, decimal Total);
[MessageType("order.paid")] public sealed record OrderPaid(Guid OrderId, Region Region, string Method);
[MessageType("order.shipped")] public sealed record OrderShipped(Guid OrderId, Region Region, string Carrier);
[MessageType("price.q")] public sealed record PriceQuery(string Sku, int Quantity, Region Region);
[MessageType("price.a")] public sealed record PriceAnswer(string Sku, decimal Unit, decimal Total);
[MessageType("notify")] public sealed record Notification(string UserId, string Text);

public static class Orders
{
    [Exchange("shop.orders", ExchangeKind.Topic, AlternateExchange = "shop.unrouted")]
    public interface IEvents
    {
        [RoutingKey("order.placed.{Region}.{Channel}")]
        ValueTask Placed(OrderPlaced message, PublishOptions? options = null, CancellationToken ct = default);

        [RoutingKey("order.paid.{Region}")]
        ValueTask Paid(OrderPaid message, CancellationToken ct = default);

        [RoutingKey("order.shipped.{Region}")]
        ValueTask Shipped(IReadOnlyList<OrderShipped> messages, CancellationToken ct = default);
    }
}

[Exchange("shop.unrouted", ExchangeKind.Fanout)]
public interface IUnrouted { }

[Exchange("shop.dlx", ExchangeKind.Topic)]
public interface IDeadLetters { }

[Exchange("shop.pricing", ExchangeKind.Direct)]
public interface IPricing
{
    [RoutingKey("price")] [ReplyTimeout(2_000)]
    ValueTask<PriceAnswer> Quote(PriceQuery query, CancellationToken ct = default);
}

[Exchange("shop.notify", ExchangeKind.Headers)]
public interface INotify
{
    ValueTask Send(Notification message, PublishOptions options, CancellationToken ct = default);
}

[Exchange("shop.audit", ExchangeKind.Fanout)]
[ExchangeBinding(typeof(Orders.IEvents), "order.#")]
public interface IAudit { }

[Queue("shop.billing", QueueKind.Quorum, DeadLetterExchange = "shop.dlx", DeadLetterRoutingKey = "dead.billing", DeliveryLimit = 5)]
[Binding(typeof(Orders.IEvents), "order.placed.#")]
[Consumer(Prefetch = 64, Concurrency = 8, Retries = 3, RetryDelay = 200, MaxDeliveryCount = 5)]
public interface IBilling
{
    ValueTask Handle(OrderPlaced message, MessageContext context, CancellationToken ct);
}

[Queue("shop.shipping", QueueKind.Quorum, DeliveryLimit = 10, SingleActiveConsumer = true)]
[Binding(typeof(Orders.IEvents), "order.paid.*")]
[Consumer]
public interface IShipping
{
    Task Handle(OrderPaid message, CancellationToken ct);
}

[Queue("shop.pricing")]
[Binding(typeof(IPricing), "price")]
[Consumer(Concurrency = 16)]
public interface IPricer
{
    ValueTask<PriceAnswer> Handle(PriceQuery query, CancellationToken ct);
}

[Queue("shop.notify.sms", MaxLength = 10_000, Overflow = QueueOverflow.RejectPublish)]
[Binding(typeof(INotify), Headers = new[] { "channel=sms" })]
[Binding(typeof(INotify), Headers = new[] { "channel=push", "fallback=sms" }, HeaderMatch = HeaderMatch.Any)]
[Consumer]
public interface ISms { ValueTask Handle(Notification message, MessageContext context); }

[Queue("shop.audit.log", QueueKind.Stream, MaxLengthBytes = 50_000_000_000)]
[Argument("x-max-age", "30D")]
[Binding(typeof(IAudit))]
[Consumer(Prefetch = 500)]
public interface IAuditLog
{
    ValueTask Handle(OrderPlaced message);
    ValueTask Handle(OrderPaid message);
    ValueTask Handle(OrderShipped message);
}

[Queue("shop.dead", QueueKind.Quorum, DeliveryLimit = 1)]
[Binding(typeof(IDeadLetters), "dead.#")]
public interface IDead { }

[Queue("shop.unrouted")]
[Binding(typeof(IUnrouted))]
public interface IUnroutedQueue { }

[JsonSerializable(typeof(OrderPlaced))]
[JsonSerializable(typeof(OrderPaid))]
[JsonSerializable(typeof(OrderShipped))]
[JsonSerializable(typeof(PriceQuery))]
[JsonSerializable(typeof(PriceAnswer))]
[JsonSerializable(typeof(Notification))]
public sealed partial class ShopJson : JsonSerializerContext { }
