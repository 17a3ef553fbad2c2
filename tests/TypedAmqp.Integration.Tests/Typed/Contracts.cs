using System.Text.Json.Serialization;
using TypedAmqp.Messaging;

[assembly: TypedAmqp.JsonContext(typeof(TypedAmqp.Integration.Typed.IntegrationJson))]

// These tests run against the RabbitMQ 3.10 node eng/broker.sh starts; the contracts follow its rules.
[assembly: TypedAmqp.TargetBroker("3.10")]

namespace TypedAmqp.Integration.Typed;

[MessageType("it.order-placed")]
public sealed record OrderPlaced(Guid Id, string Region, decimal Amount);

[MessageType("it.order-shipped")]
public sealed record OrderShipped(Guid Id);

[Exchange("typedamqp.it.orders", ExchangeKind.Topic, Durable = false)]
public interface IOrderFeed
{
    [RoutingKey("order.placed.{Region}")]
    ValueTask Placed(OrderPlaced order, CancellationToken cancellationToken = default);

    [RoutingKey("order.shipped")]
    ValueTask Shipped(OrderShipped order, PublishOptions? options = null, CancellationToken cancellationToken = default);

    [RoutingKey("order.placed.{Region}")]
    ValueTask PlacedMany(IReadOnlyList<OrderPlaced> orders, CancellationToken cancellationToken = default);

    // Deliberately unroutable (TAMQP006 is silenced in the project file): the broker's return must fail the publish.
    [RoutingKey("nobody.listens")]
    ValueTask Lost(OrderShipped order, CancellationToken cancellationToken = default);
}

/// <summary>One handler at a time (the default concurrency of 1), to see which thread generated handlers run on.</summary>
[Queue("typedamqp.it.orders.audit", Durable = false)]
[Binding(typeof(IOrderFeed), "order.placed.audit")]
[Consumer(Prefetch = 10)]
public interface IOrderAudit
{
    ValueTask Handle(OrderPlaced order, CancellationToken cancellationToken);
}

[Exchange("typedamqp.it.dead", ExchangeKind.Fanout, Durable = false)]
public interface IDeadLetterExchange
{
}

[Queue("typedamqp.it.fulfilment", Durable = false, DeadLetterExchange = "typedamqp.it.dead")]
[Binding(typeof(IOrderFeed), "order.#")]
[Consumer(Prefetch = 50, Concurrency = 2)]
public interface IFulfilment
{
    ValueTask Handle(OrderPlaced order, MessageContext context, CancellationToken cancellationToken);

    Task Handle(OrderShipped order);
}

[Queue("typedamqp.it.dead-letters", Durable = false)]
[Binding(typeof(IDeadLetterExchange))]
public interface IDeadLetters
{
}

[JsonSerializable(typeof(OrderPlaced))]
[JsonSerializable(typeof(TypedAmqp.Integration.Hosting.NameProbe))]
[JsonSerializable(typeof(FlakyTask))]
[JsonSerializable(typeof(PriceQuery))]
[JsonSerializable(typeof(Price))]
[JsonSerializable(typeof(TypedAmqp.Integration.Hosting.Job))]
[JsonSerializable(typeof(TypedAmqp.Integration.Hosting.KeyedJob))]
[JsonSerializable(typeof(OrderShipped))]
[JsonSerializable(typeof(TypedAmqp.Integration.Clusters.Numbered))]
[JsonSerializable(typeof(QuoteRequest))]
[JsonSerializable(typeof(Quote))]
[JsonSerializable(typeof(TypedAmqp.Integration.Amqp10.ParcelSent))]
[JsonSerializable(typeof(TypedAmqp.Integration.Amqp10.ParcelQuote))]
internal sealed partial class IntegrationJson : JsonSerializerContext;

[MessageType("it.flaky-task")]
public sealed record FlakyTask(string Name, int FailuresBeforeSuccess);

[Exchange("typedamqp.it.flaky", ExchangeKind.Fanout, Durable = false)]
public interface IFlakyTasks
{
    ValueTask Submit(FlakyTask task, CancellationToken cancellationToken = default);
}

[Exchange("typedamqp.it.flaky.dead", ExchangeKind.Fanout, Durable = false)]
public interface IFlakyDeadLetterExchange
{
}

[Queue("typedamqp.it.flaky.work", Durable = false, DeadLetterExchange = "typedamqp.it.flaky.dead")]
[Binding(typeof(IFlakyTasks))]
[Consumer(Retries = 2, RetryDelay = 20)]
public interface IFlakyWorker
{
    ValueTask Handle(FlakyTask task, CancellationToken cancellationToken);
}

[Queue("typedamqp.it.flaky.dead-letters", Durable = false)]
[Binding(typeof(IFlakyDeadLetterExchange))]
public interface IFlakyDeadLetters
{
}

[MessageType("it.price-query")]
public sealed record PriceQuery(string Sku);

[MessageType("it.price")]
public sealed record Price(string Sku, decimal Amount);

[Exchange("typedamqp.it.pricing", ExchangeKind.Direct, Durable = false)]
public interface IPricing
{
    [RoutingKey("price")]
    [ReplyTimeout(5000)]
    ValueTask<Price> GetPrice(PriceQuery query, CancellationToken cancellationToken = default);

    /// <summary>The same request with a long timeout, for tests that need the wait to outlast an operator action.</summary>
    [RoutingKey("price")]
    [ReplyTimeout(60_000)]
    ValueTask<Price> GetPricePatiently(PriceQuery query, CancellationToken cancellationToken = default);

    [RoutingKey("price.unanswered")]
    [ReplyTimeout(300)]
    Task<Price> GetPriceFromNobody(PriceQuery query, CancellationToken cancellationToken = default);

    /// <summary>No queue is bound to this key: the broker returns the request.</summary>
    [RoutingKey("price.unrouted")]
    [ReplyTimeout(10_000)]
    Task<Price> GetPriceFromNowhere(PriceQuery query, CancellationToken cancellationToken = default);
}

[Queue("typedamqp.it.pricing.requests", Durable = false)]
[Binding(typeof(IPricing), "price")]
[Consumer(Concurrency = 2)]
public interface IPricingService
{
    ValueTask<Price> Handle(PriceQuery query, CancellationToken cancellationToken);
}

/// <summary>Requests to it are never answered, to test the reply timeout.</summary>
[Queue("typedamqp.it.pricing.unanswered", Durable = false, MessageTtl = 1000)]
[Binding(typeof(IPricing), "price.unanswered")]
public interface IUnansweredPricing
{
}

[MessageType("it.quote-request")]
public sealed record QuoteRequest(string Region, string Sku);

[MessageType("it.quote")]
public sealed record Quote(string Sku, decimal Amount);

/// <summary>Only TelemetryTests use it, so the metrics of its destinations are theirs alone.</summary>
[Exchange("typedamqp.it.quotes", ExchangeKind.Topic, Durable = false)]
public interface IQuotes
{
    [RoutingKey("quote.{Region}")]
    [ReplyTimeout(5000)]
    ValueTask<Quote> GetQuote(QuoteRequest request, PublishOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>No binding takes this key (TAMQP006 is silenced in the project file): the broker returns the message.</summary>
    [RoutingKey("lost.quote")]
    ValueTask LoseQuote(Quote quote, CancellationToken cancellationToken = default);
}

[Queue("typedamqp.it.quotes.requests", Durable = false)]
[Binding(typeof(IQuotes), "quote.*")]
[Consumer]
public interface IQuoteService
{
    ValueTask<Quote> Handle(QuoteRequest request, CancellationToken cancellationToken);
}
