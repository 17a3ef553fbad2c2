// TAMQP009: DeadLetterRoutingKey without DeadLetterExchange, and RejectPublishDeadLetter without one.
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
public interface IJobs { ValueTask P(Job m); }

/*!TAMQP009*/[Queue("jobs.a", DeadLetterRoutingKey = "dead")]
[Binding(typeof(IJobs))]
public interface IA { }

/*!TAMQP009*/[Queue("jobs.b", MaxLength = 10, Overflow = QueueOverflow.RejectPublishDeadLetter)]
[Binding(typeof(IJobs))]
public interface IB { }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
