// TAMQP015: a request's response type missing from the context.
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

/*!TAMQP015*/[Exchange("rpc", ExchangeKind.Direct)]
public interface IRpc { [RoutingKey("q")] ValueTask<Answer> Ask(Query m); }

[Queue("rpc.q")]
[Binding(typeof(IRpc), "q")]
/*!TAMQP015*/[Consumer]
public interface IAnswerer { ValueTask<Answer> Handle(Query m); }

[JsonSerializable(typeof(Query))]
public sealed partial class Json : JsonSerializerContext { }
