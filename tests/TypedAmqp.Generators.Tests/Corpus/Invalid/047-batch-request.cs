// TAMQP010: a batch method returning a response (requests are one at a time).
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
    [RoutingKey("q")] ValueTask<Answer> /*!TAMQP010*/AskAll(IReadOnlyList<Query> messages);
    [RoutingKey("q")] ValueTask<Answer> Ask(Query message);
}

[Queue("rpc.q")]
[Binding(typeof(IRpc), "q")]
[Consumer]
public interface IAnswerer { ValueTask<Answer> Handle(Query m); }

[JsonSerializable(typeof(Query))]
[JsonSerializable(typeof(Answer))]
public sealed partial class Json : JsonSerializerContext { }
