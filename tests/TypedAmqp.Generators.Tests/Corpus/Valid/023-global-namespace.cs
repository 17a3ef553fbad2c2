// Contracts, messages and the JSON context all in the global namespace.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(GlobalJson))]

public sealed record GlobalPing(string Name);

[Exchange("global.pings", ExchangeKind.Topic)]
public interface IGlobalPings
{
    [RoutingKey("ping.{Name}")]
    ValueTask Ping(GlobalPing message);
}

[Queue("global.pings")]
[Binding(typeof(IGlobalPings), "ping.*")]
[Consumer]
public interface IGlobalPingHandler
{
    ValueTask Handle(GlobalPing message);
}

[JsonSerializable(typeof(GlobalPing))]
public sealed partial class GlobalJson : JsonSerializerContext { }
