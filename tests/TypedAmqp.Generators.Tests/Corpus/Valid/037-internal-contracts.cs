// Internal contracts with internal message types and an internal JSON context.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Inside.InsideJson))]

namespace Inside;

internal sealed record Secret(string Value);
internal enum Level { Low, High }
internal sealed record Leveled(Level Level);

[Exchange("inside", ExchangeKind.Topic)]
internal interface IInside
{
    [RoutingKey("secret")] ValueTask Secret(Secret message);
    [RoutingKey("level.{Level}")] ValueTask Leveled(Leveled message);
}

[Queue("inside.q")]
[Binding(typeof(IInside), "#")]
[Consumer]
internal interface IInsideHandler
{
    ValueTask Handle(Secret message);
    ValueTask Handle(Leveled message);
}

[JsonSerializable(typeof(Secret))]
[JsonSerializable(typeof(Leveled))]
internal sealed partial class InsideJson : JsonSerializerContext { }
