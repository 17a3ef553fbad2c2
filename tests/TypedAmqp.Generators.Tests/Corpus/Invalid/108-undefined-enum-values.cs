// TAMQP019/TAMQP009: exchange and queue kinds cast from numbers no enum member has.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed record A(string X);

/*!TAMQP019*/[Exchange("odd", (ExchangeKind)7)]
public interface IOdd { [RoutingKey("a")] ValueTask Publish(A m); }

[Exchange("ok", ExchangeKind.Fanout)]
public interface IOk { ValueTask Publish(A m); }

[Queue("odd.q")]
[Binding(typeof(IOdd), "a")]
public interface IOddQueue { }

/*!TAMQP009*/[Queue("ok.q", (QueueKind)9)]
[Binding(typeof(IOk))]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
