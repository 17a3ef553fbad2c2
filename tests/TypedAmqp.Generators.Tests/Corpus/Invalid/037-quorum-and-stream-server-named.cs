// TAMQP009: quorum and stream queues without a name, and a non-durable stream.
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

/*!TAMQP009*/[Queue("", QueueKind.Quorum, DeliveryLimit = 3)]
[Binding(typeof(IJobs))]
public interface IA { }

/*!TAMQP009*/[Queue("", QueueKind.Stream)]
[Binding(typeof(IJobs))]
public interface IB { }

/*!TAMQP009*/[Queue("jobs.stream", QueueKind.Stream, Durable = false)]
[Binding(typeof(IJobs))]
public interface IC { }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
