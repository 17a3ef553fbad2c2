// Request/response: a ValueTask<TResponse> publisher method with [ReplyTimeout] and a handler returning ValueTask<TResponse>.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Pricing.PricingJson))]

namespace Pricing;

public sealed record PriceQuery(string Sku, int Quantity);
public sealed record Price(string Sku, decimal Amount);

[Exchange("pricing", ExchangeKind.Direct)]
public interface IPricingClient
{
    [RoutingKey("price")]
    [ReplyTimeout(5000)]
    ValueTask<Price> GetPrice(PriceQuery query, CancellationToken ct = default);

    [RoutingKey("price")]
    Task<Price> GetPriceTask(PriceQuery query);
}

[Queue("pricing.requests")]
[Binding(typeof(IPricingClient), "price")]
[Consumer(Concurrency = 8)]
public interface IPricingService
{
    ValueTask<Price> Handle(PriceQuery query, CancellationToken ct);
}

[JsonSerializable(typeof(PriceQuery))]
[JsonSerializable(typeof(Price))]
public sealed partial class PricingJson : JsonSerializerContext { }
