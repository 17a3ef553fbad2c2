// TAMQP004: a headers exchange binding without Headers, and one with Headers = null.
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

[Exchange("jobs", ExchangeKind.Headers)]
public interface IJobs { ValueTask Run(Job m); }

[Queue("jobs.a")]
/*!TAMQP004*/[Binding(typeof(IJobs))]
public interface IA { }

[Queue("jobs.b")]
/*!TAMQP004*/[Binding(typeof(IJobs), Headers = null)]
public interface IB { }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
