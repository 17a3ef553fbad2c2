// A namespace with escaped keyword segments (Shop.@internal.@event) holding the contracts.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Shop.@internal.@event.EJson))]

namespace Shop.@internal.@event;

public sealed record @record(string @string);

[Exchange("kw.ns", ExchangeKind.Topic)]
public interface @interface
{
    [RoutingKey("r.{string}")]
    ValueTask @void(@record @event);
}

[Queue("kw.ns.q")]
[Binding(typeof(@interface), "r.*")]
[Consumer]
public interface @readonly
{
    ValueTask @return(@record @event);
}

[JsonSerializable(typeof(@record))]
public sealed partial class EJson : JsonSerializerContext { }
