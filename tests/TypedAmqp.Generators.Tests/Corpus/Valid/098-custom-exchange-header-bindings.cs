// Header-matching bindings to a delayed-message exchange whose x-delayed-type is headers (custom kinds route as their plugin says).
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(DelayedHeaders.DJson))]

namespace DelayedHeaders;

public sealed record A(string X);

[Exchange("delayed.headers", ExchangeKind.Custom, CustomType = "x-delayed-message")]
[Argument("x-delayed-type", "headers")]
public interface IDelayedHeaders
{
    [RoutingKey("")]
    ValueTask Publish(A message, PublishOptions options);
}

[Queue("delayed.headers.q")]
[Binding(typeof(IDelayedHeaders), Headers = new[] { "kind=a" })]
[Consumer]
public interface IHandler { ValueTask Handle(A message); }

[JsonSerializable(typeof(A))]
public sealed partial class DJson : JsonSerializerContext { }
