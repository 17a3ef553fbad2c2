// TAMQP047: a binding by type to an interface that has no [Exchange] (a queue contract).
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
public interface IJobQueue { }

[Queue("other.q")]
/*!TAMQP047*/[Binding(typeof(IJobQueue))]
[Binding(typeof(IJobs))]
public interface IOther { }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
