// TAMQP003: bindings whose exchange is a null string or a null type.
// DEFECT: no diagnostic; a binding with a null exchange is silently dropped (BindingReader returns null).
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

[Exchange("ok", ExchangeKind.Fanout)]
/*!TAMQP003*/[ExchangeBinding((string)null!)]
public interface IOk { ValueTask Publish(A m); }

[Queue("ok.q")]
[Binding(typeof(IOk))]
/*!TAMQP003*/[Binding((string)null!, "x")]
/*!TAMQP003*/[Binding((Type)null!, "x")]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
