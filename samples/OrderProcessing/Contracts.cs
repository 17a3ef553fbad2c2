using System.Text.Json.Serialization;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(OrderProcessing.OrderJson))]

namespace OrderProcessing;

[MessageType("orders.placed")]
public sealed record OrderPlaced(Guid OrderId, string Region, string Sku, int Quantity);

[MessageType("pricing.quote-request")]
public sealed record QuoteRequest(string Sku, int Quantity);

[MessageType("pricing.quote")]
public sealed record Quote(string Sku, int Quantity, decimal Total);

/// <summary>Order events on a topic exchange, routed by region.</summary>
[Exchange("shop.orders", ExchangeKind.Topic)]
public interface IOrderEvents
{
    [RoutingKey("order.placed.{Region}")]
    ValueTask OrderPlaced(OrderPlaced order, CancellationToken cancellationToken = default);
}

/// <summary>Where orders that failed all retries end up.</summary>
[Exchange("shop.orders.dlx", ExchangeKind.Fanout)]
public interface IOrderDeadLetters
{
}

/// <summary>Fulfilment: a quorum queue of placed orders, retried three times, then dead-lettered.</summary>
[Queue("shop.fulfilment", QueueKind.Quorum, DeadLetterExchange = "shop.orders.dlx", DeliveryLimit = 5)]
[Binding(typeof(IOrderEvents), "order.placed.*")]
[Consumer(Prefetch = 20, Concurrency = 4, Retries = 3, RetryDelay = 50)]
public interface IFulfilment
{
    ValueTask Handle(OrderPlaced order, MessageContext context, CancellationToken cancellationToken);
}

[Queue("shop.fulfilment.dead-letters", QueueKind.Quorum, DeliveryLimit = 50)]
[Binding(typeof(IOrderDeadLetters))]
public interface IFulfilmentDeadLetters
{
}

/// <summary>Pricing as request/response over direct reply-to.</summary>
[Exchange("shop.pricing", ExchangeKind.Direct)]
public interface IPricing
{
    [RoutingKey("quote")]
    [ReplyTimeout(5000)]
    ValueTask<Quote> GetQuote(QuoteRequest request, CancellationToken cancellationToken = default);
}

[Queue("shop.pricing.requests", AutoDelete = true)]
[Binding(typeof(IPricing), "quote")]
[Consumer(Concurrency = 2)]
public interface IPricingService
{
    ValueTask<Quote> Handle(QuoteRequest request, CancellationToken cancellationToken);
}

[JsonSerializable(typeof(OrderPlaced))]
[JsonSerializable(typeof(QuoteRequest))]
[JsonSerializable(typeof(Quote))]
internal sealed partial class OrderJson : JsonSerializerContext;
