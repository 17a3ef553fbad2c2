// TAMQP003: a binding to the default exchange (""), which RabbitMQ refuses (every queue is bound to it implicitly).
// DEFECT: no diagnostic; "" is treated as a known direct exchange, and the queue.bind fails at run time with ACCESS_REFUSED.
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
/*!TAMQP003*/[Binding("", "default.q")]
[Consumer]
public interface IQ { ValueTask Handle(A m); }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
