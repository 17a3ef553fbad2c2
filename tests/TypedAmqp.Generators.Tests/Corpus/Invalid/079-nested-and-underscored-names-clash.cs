// TAMQP023: Outer.IOrders and a top-level IOuter_Orders both generate Outer_OrdersPublisher.
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

public static class Outer
{
    [Exchange("a", ExchangeKind.Fanout)]
    public interface IOrders { ValueTask Publish(A m); }
}

/*!TAMQP023*/[Exchange("b", ExchangeKind.Fanout)]
public interface Outer_Orders { ValueTask Publish(A m); }

[Queue("ab.q")]
[Binding(typeof(Outer.IOrders))]
[Binding(typeof(Outer_Orders))]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
