// A contract declared as a partial interface split over two declarations in one file.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Parts.PJson))]

namespace Parts;

public sealed record Opened(int Id);
public sealed record Closed(int Id);

[Exchange("parts", ExchangeKind.Topic)]
public partial interface IParts
{
    [RoutingKey("opened.{Id}")] ValueTask Opened(Opened message);
}

public partial interface IParts
{
    [RoutingKey("closed.{Id}")] ValueTask Closed(Closed message);
}

[Queue("parts.q")]
[Binding(typeof(IParts), "opened.*")]
[Consumer]
public partial interface IPartsHandler
{
    ValueTask Handle(Opened message);
}

[Binding(typeof(IParts), "closed.*")]
public partial interface IPartsHandler
{
    ValueTask Handle(Closed message);
}

[JsonSerializable(typeof(Opened))]
[JsonSerializable(typeof(Closed))]
public sealed partial class PJson : JsonSerializerContext { }
