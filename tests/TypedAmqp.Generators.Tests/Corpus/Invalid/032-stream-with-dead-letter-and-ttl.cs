// TAMQP009: a stream queue with a dead-letter exchange and a message TTL.
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

[Exchange("jobs.dlx", ExchangeKind.Fanout)]
public interface IDlx { }

/*!TAMQP009,TAMQP009*/[Queue("jobs.stream", QueueKind.Stream, DeadLetterExchange = "jobs.dlx", MessageTtl = 1000)]
[Binding(typeof(IJobs))]
public interface IQ { }

[Queue("jobs.dead")]
[Binding(typeof(IDlx))]
public interface IDead { }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
