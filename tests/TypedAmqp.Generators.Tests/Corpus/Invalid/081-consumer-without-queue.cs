// TAMQP024: [Consumer] on an interface without [Queue], and on an [Exchange] interface without [Queue].
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

/*!TAMQP024*/[Consumer(Prefetch = 10)]
public interface IHandler { ValueTask Handle(A m); }

[Exchange("ok", ExchangeKind.Fanout)]
/*!TAMQP024*/[Consumer]
public interface IOk { ValueTask Publish(A m); }

[Queue("ok.q")]
[Binding(typeof(IOk))]
public interface IOkQueue { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
