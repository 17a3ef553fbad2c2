// TAMQP020 once: a generic interface that is both [Exchange] and [Queue]+[Consumer].
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

[Exchange("loop", ExchangeKind.Fanout)]
[Queue("loop.q")]
[Binding("loop")]
[Consumer]
public interface /*!TAMQP020*/ILoop<T> { ValueTask Handle(A m); }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
