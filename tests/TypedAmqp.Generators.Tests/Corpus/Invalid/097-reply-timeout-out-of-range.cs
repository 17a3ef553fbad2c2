// TAMQP010: [ReplyTimeout] of zero or a negative time on requests, and on a method that is not a request.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed record Query(string Q);
public sealed record Answer(string A);

[Exchange("rpc", ExchangeKind.Direct)]
public interface IRpc
{
    [RoutingKey("q")] /*!TAMQP034*/[ReplyTimeout(0)] ValueTask<Answer> Zero(Query m);
    [RoutingKey("q")] /*!TAMQP034*/[ReplyTimeout(-5)] ValueTask<Answer> Negative(Query m);
    [RoutingKey("q")] /*!TAMQP034*/[ReplyTimeout(1000)] ValueTask NotARequest(Query m);
    [RoutingKey("q")] [ReplyTimeout(1000)] ValueTask<Answer> Ok(Query m);
}

[Queue("rpc.q")]
[Binding(typeof(IRpc), "q")]
[Consumer]
public interface IAnswerer { ValueTask<Answer> Handle(Query m); }

[JsonSerializable(typeof(Query))]
[JsonSerializable(typeof(Answer))]
public sealed partial class Json : JsonSerializerContext { }
