// TAMQP047 only: a queue whose single binding names a type without [Exchange] (no second 'not bound' warning).
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

public interface INotAnExchange { }

[Queue("q")]
/*!TAMQP047*/[Binding(typeof(INotAnExchange))]
[Consumer]
public interface IQ { ValueTask Handle(A m); }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
