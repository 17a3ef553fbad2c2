// TAMQP003: a binding to the default exchange (""), which RabbitMQ refuses (every queue is bound to it implicitly).
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

[Queue("default.q")]
/*!TAMQP045*/[Binding("", "default.q")]
[Consumer]
public interface IQ { ValueTask Handle(A m); }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
