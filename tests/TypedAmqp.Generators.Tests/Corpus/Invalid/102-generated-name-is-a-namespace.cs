// TAMQP022: the generated OrdersPublisher would clash with a namespace Shop.OrdersPublisher.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Shop.Json))]

namespace Shop.OrdersPublisher
{
    public sealed record A(string X);
}

namespace Shop
{
    [Exchange("orders", ExchangeKind.Fanout)]
    public interface /*!TAMQP022*/IOrders { ValueTask Publish(Shop.OrdersPublisher.A m); }

    [Exchange("ok", ExchangeKind.Fanout)]
    public interface IOk { ValueTask Publish(Shop.OrdersPublisher.A m); }

    [Queue("ok.q")]
    [Binding(typeof(IOk))]
    [Binding(typeof(IOrders))]
    public interface IQ { }

    [JsonSerializable(typeof(Shop.OrdersPublisher.A))]
    public sealed partial class Json : JsonSerializerContext { }
}
