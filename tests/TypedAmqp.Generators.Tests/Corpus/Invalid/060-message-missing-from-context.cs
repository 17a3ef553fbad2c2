// TAMQP015: one message type missing from the context, reported on the publisher and the consumer.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed record OrderCreated(int Id);
public sealed record OrderCancelled(int Id);

/*!TAMQP015*/[Exchange("orders", ExchangeKind.Fanout)]
public interface IOrders { ValueTask Created(OrderCreated m); ValueTask Cancelled(OrderCancelled m); }

[Queue("orders.q")]
[Binding(typeof(IOrders))]
/*!TAMQP015*/[Consumer]
public interface IHandler { ValueTask Handle(OrderCreated m); ValueTask Handle(OrderCancelled m); }

[JsonSerializable(typeof(OrderCreated))]
public sealed partial class Json : JsonSerializerContext { }
