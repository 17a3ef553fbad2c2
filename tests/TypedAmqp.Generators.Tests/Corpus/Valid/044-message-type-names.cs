// [MessageType] wire names on records, classes and structs, some short, one with dots and dashes.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Wire.WireJson))]

namespace Wire;

[MessageType("oc")] public sealed record OrderCreated(int Id);
[MessageType("orders.cancelled-v2")] public sealed class OrderCancelled { public int Id { get; set; } }
[MessageType("pt")] public record struct Point(int X, int Y);
public sealed record Unnamed(int Id);

[Exchange("wire", ExchangeKind.Fanout)]
public interface IWire
{
    ValueTask Created(OrderCreated m);
    ValueTask Cancelled(OrderCancelled m);
    ValueTask Point(Point m);
    ValueTask Unnamed(Unnamed m);
}

[Queue("wire.q")]
[Binding(typeof(IWire))]
[Consumer]
public interface IWireHandler
{
    ValueTask Created(OrderCreated m);
    ValueTask Cancelled(OrderCancelled m);
    ValueTask Point(Point m);
    ValueTask Unnamed(Unnamed m);
}

[JsonSerializable(typeof(OrderCreated))]
[JsonSerializable(typeof(OrderCancelled))]
[JsonSerializable(typeof(Point))]
[JsonSerializable(typeof(Unnamed))]
public sealed partial class WireJson : JsonSerializerContext { }
