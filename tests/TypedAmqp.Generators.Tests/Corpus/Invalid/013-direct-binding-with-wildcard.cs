// TAMQP004: a '*' pattern on a direct exchange binding.
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

[Exchange("jobs", ExchangeKind.Direct)]
public interface IJobs { [RoutingKey("run")] ValueTask Run(Job m); }

[Queue("jobs.run")]
[Binding(typeof(IJobs), "run")]
/*!TAMQP004*/[Binding(typeof(IJobs), "run.*")]
public interface IQ { }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
