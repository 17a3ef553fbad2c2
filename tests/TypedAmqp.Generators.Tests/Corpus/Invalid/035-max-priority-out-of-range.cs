// TAMQP009: MaxPriority 300 on a classic queue and MaxPriority on a quorum queue.
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

/*!TAMQP009*/[Queue("jobs.a", MaxPriority = 300)]
[Binding(typeof(IJobs))]
public interface IA { }

[Queue("jobs.b", QueueKind.Quorum, MaxPriority = 5, DeliveryLimit = 3)]
[Binding(typeof(IJobs))]
public interface IB { }

/*!TAMQP009*/[Queue("jobs.c", MaxPriority = -1)]
[Binding(typeof(IJobs))]
public interface IC { }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
