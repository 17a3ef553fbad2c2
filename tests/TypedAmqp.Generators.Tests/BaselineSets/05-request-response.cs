// Request/response: a requester with a reply timeout and the responder that answers it.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Pricing.PricingJson))]

namespace Pricing;

public sealed record QuoteRequest(string Sku, int Quantity);
public sealed record Quote(string Sku, decimal Price);

[Exchange("pricing", ExchangeKind.Direct)]
public interface IPricing
{
    [RoutingKey("quote")]
    [ReplyTimeout(5000)]
    ValueTask<Quote> GetQuote(QuoteRequest request, CancellationToken cancellationToken = default);
}

[Queue("pricing.requests")]
[Binding(typeof(IPricing), "quote")]
[Consumer(Concurrency = 4)]
public interface IPricingService
{
    ValueTask<Quote> Handle(QuoteRequest request, MessageContext context, CancellationToken cancellationToken);
}

[JsonSerializable(typeof(QuoteRequest))]
[JsonSerializable(typeof(Quote))]
public sealed partial class PricingJson : JsonSerializerContext { }
