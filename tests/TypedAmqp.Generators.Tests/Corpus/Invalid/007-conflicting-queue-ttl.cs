// TAMQP002: the same queue declared with different message TTLs.
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

[Queue("jobs.q", MessageTtl = 1000)]
[Binding(typeof(IJobs))]
[Consumer]
public interface IA { ValueTask Handle(Job m); }

/*!TAMQP002*/[Queue("jobs.q", MessageTtl = 2000)]
[Binding(typeof(IJobs))]
[Consumer]
public interface IB { ValueTask Handle(Job m); }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
