// Contracts whose names differ only in case (IOrders and orders, IOrdersPublisherHandler and ordersPublisherHandler) generate case-distinct files.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Cases.CJson))]

namespace Cases;

public sealed record A(string X);

[Exchange("cases.upper", ExchangeKind.Fanout)]
public interface IOrders { ValueTask Publish(A message); }

[Exchange("cases.lower", ExchangeKind.Fanout)]
public interface orders { ValueTask Publish(A message); }

[Queue("cases.q")]
[Binding(typeof(IOrders))]
[Binding(typeof(orders))]
[Consumer]
public interface IOrdersPublisherHandler { ValueTask Handle(A message); }

[Queue("cases.q2")]
[Binding(typeof(IOrders))]
[Consumer]
public interface ordersPublisherHandler { ValueTask Handle(A message); }

[JsonSerializable(typeof(A))]
public sealed partial class CJson : JsonSerializerContext { }
