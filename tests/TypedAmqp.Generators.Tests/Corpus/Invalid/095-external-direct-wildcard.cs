// TAMQP004/TAMQP005: bindings to external exchanges that do not fit their stated kinds.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]
[assembly: ExternalExchange("legacy.direct", ExchangeKind.Direct)]
[assembly: ExternalExchange("legacy.fanout", ExchangeKind.Fanout)]
[assembly: ExternalExchange("legacy.topic", ExchangeKind.Topic)]

namespace C;

public sealed record A(string X);

[Queue("legacy.q")]
/*!TAMQP004*/[Binding("legacy.direct", "a.#")]
/*!TAMQP004*/[Binding("legacy.fanout", "key")]
/*!TAMQP005*/[Binding("legacy.topic", "a..b")]
[Consumer]
public interface IQ { ValueTask Handle(A m); }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
