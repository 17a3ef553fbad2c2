// TAMQP004: a routing key on a fanout exchange binding (ignored by the broker).
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed record Job(string Name);

[Exchange("jobs", ExchangeKind.Fanout)]
public interface IJobs { ValueTask Run(Job m); }

[Queue("jobs.all")]
/*!TAMQP004*/[Binding(typeof(IJobs), "jobs.#")]
public interface IQ { }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
