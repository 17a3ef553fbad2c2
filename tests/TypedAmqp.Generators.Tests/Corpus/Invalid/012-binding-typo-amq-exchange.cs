// TAMQP003: a binding to a misspelt broker exchange (amq.topics).
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

[Queue("q")]
/*!TAMQP003*/[Binding("amq.topics", "job.#")]
[Consumer]
public interface IQ { ValueTask Handle(Job m); }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
