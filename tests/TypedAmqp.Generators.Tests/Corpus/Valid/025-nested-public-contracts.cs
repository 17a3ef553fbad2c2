// Contracts nested in a public static class, two levels deep, publishers and consumers.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Nest.NestJson))]

namespace Nest;

public sealed record Shipped(string TrackingId);

public static class Shipping
{
    [Exchange("shipping", ExchangeKind.Topic)]
    public interface IEvents
    {
        [RoutingKey("shipped.{TrackingId}")]
        ValueTask Shipped(Shipped message);
    }

    public static class Consumers
    {
        [Queue("shipping.notify")]
        [Binding(typeof(IEvents), "shipped.*")]
        [Consumer]
        public interface INotifier
        {
            ValueTask Handle(Shipped message);
        }
    }
}

[JsonSerializable(typeof(Shipped))]
public sealed partial class NestJson : JsonSerializerContext { }
