// Names with U+2028/U+2029 (line and paragraph separators), legal UTF-8 in RabbitMQ names, keys and wire names.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Sep.SJson))]

namespace Sep;

[MessageType("wire\u2029name")]
public sealed record A(string X);

[Exchange("line\u2028separated", ExchangeKind.Direct)]
public interface ISep
{
    [RoutingKey("key\u2028one")] ValueTask Publish(A message);
}

[Queue("queue\u2029name")]
[Binding(typeof(ISep), "key\u2028one")]
[Consumer]
public interface ISepHandler { ValueTask Handle(A message); }

[JsonSerializable(typeof(A))]
public sealed partial class SJson : JsonSerializerContext { }
