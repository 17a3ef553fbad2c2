// TAMQP002: the same queue declared quorum by one contract and classic by another.
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

[Queue("jobs", QueueKind.Quorum, DeliveryLimit = 5)]
[Binding(typeof(IJobs))]
public interface IA { }

/*!TAMQP002*/[Queue("jobs", QueueKind.Classic)]
[Binding(typeof(IJobs))]
public interface IB { }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
