// Topic bindings with # in the middle, * and # together, a lone #, and empty-key-free patterns.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Amqp091;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Wild.WJson))]

namespace Wild;

public sealed record Log(string Service, string Level);

[Exchange("logs", ExchangeKind.Topic)]
public interface ILogs
{
    [RoutingKey("log.{Service}.{Level}.end")] ValueTask Log(Log message);
    [RoutingKey("audit")] ValueTask Audit(Log message);
}

[Queue("logs.ends")]
[Binding(typeof(ILogs), "log.#.end")]
[Binding(typeof(ILogs), "*.*.*.#")]
public interface ILogEnds { }

[Queue("logs.everything")]
[Binding(typeof(ILogs), "#")]
public interface IEverything { }

[Queue("logs.audit")]
[Binding(typeof(ILogs), "audit")]
[Binding(typeof(ILogs), "audit.#")]
public interface IAudit { }

[JsonSerializable(typeof(Log))]
public sealed partial class WJson : JsonSerializerContext { }
