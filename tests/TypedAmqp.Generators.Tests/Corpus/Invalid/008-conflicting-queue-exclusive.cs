// TAMQP002: the same named queue declared exclusive by one contract only.
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

[Queue("jobs.q")]
[Binding(typeof(IJobs))]
public interface IA { }

/*!TAMQP002*/[Queue("jobs.q", Exclusive = true)]
[Binding(typeof(IJobs))]
public interface IB { }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
