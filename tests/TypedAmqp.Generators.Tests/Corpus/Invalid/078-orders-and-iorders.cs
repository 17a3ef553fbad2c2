// TAMQP023: IOrders and Orders both generate OrdersPublisher.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed record A(string X);

[Exchange("a", ExchangeKind.Fanout)]
public interface IOrders { ValueTask Publish(A m); }

/*!TAMQP023*/[Exchange("b", ExchangeKind.Fanout)]
public interface Orders { ValueTask Publish(A m); }

[Queue("ab.q")]
[Binding(typeof(IOrders))]
[Binding(typeof(Orders))]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
