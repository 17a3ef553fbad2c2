// A consumer contract extending a plain interface whose methods carry [RoutingKey] (ignored on handlers).
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Shape.SJson))]

namespace Shape;

public sealed record A(string X);

public interface IShape
{
    [RoutingKey("a.{X}")]
    ValueTask Handle(A message);
}

[Exchange("shape", ExchangeKind.Topic)]
public interface IShapePublisher : IShape { }

[Queue("shape.q")]
[Binding(typeof(IShapePublisher), "a.*")]
[Consumer]
public interface IShapeHandler : IShape { }

[JsonSerializable(typeof(A))]
public sealed partial class SJson : JsonSerializerContext { }
