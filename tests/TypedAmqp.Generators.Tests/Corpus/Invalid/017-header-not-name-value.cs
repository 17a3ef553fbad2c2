// TAMQP004: header matches not written name=value ('kind', '=x').
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
/*!TAMQP004*/[Binding(typeof(IJobs), Headers = new[] { "kind" })]
public interface IA { }

[Queue("jobs.b")]
/*!TAMQP004*/[Binding("jobs", Headers = new[] { "ok=1", "=x" }, HeaderMatch = HeaderMatch.Any)]
public interface IB { }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
