// Request/response declared on generic base interfaces (IRequests<TQuery, TAnswer>, IResponder<TQuery, TAnswer>) plus a generic batch base.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(GenRpc.GJson))]

namespace GenRpc;

public sealed record PriceQuery(string Sku);
public sealed record Price(string Sku, decimal Amount);
public sealed record StockQuery(string Sku);
public sealed record Stock(string Sku, int Count);

public interface IRequests<TQuery, TAnswer>
{
    [RoutingKey("ask")] [ReplyTimeout(2000)]
    ValueTask<TAnswer> Ask(TQuery query, CancellationToken ct = default);
}

public interface IBatches<T>
{
    [RoutingKey("ask")]
    ValueTask Tell(IReadOnlyList<T> items);
}

public interface IResponder<TQuery, TAnswer>
{
    ValueTask<TAnswer> Answer(TQuery query, MessageContext context, CancellationToken ct);
}

[Exchange("genrpc.prices", ExchangeKind.Direct)]
public interface IPrices : IRequests<PriceQuery, Price>, IBatches<Price> { }

[Exchange("genrpc.stock", ExchangeKind.Direct)]
public interface IStock : IRequests<StockQuery, Stock> { }

[Queue("genrpc.q")]
[Binding(typeof(IPrices), "ask")]
[Binding(typeof(IStock), "ask")]
[Consumer]
public interface IServer : IResponder<PriceQuery, Price>, IResponder<StockQuery, Stock>
{
    ValueTask Record(Price price);
}

[JsonSerializable(typeof(PriceQuery))]
[JsonSerializable(typeof(Price))]
[JsonSerializable(typeof(StockQuery))]
[JsonSerializable(typeof(Stock))]
public sealed partial class GJson : JsonSerializerContext { }
