// TAMQP004 on the only direct binding, which uses a wildcard; matched literally it cannot take run.now, so TAMQP006 rightly follows.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed record A(string X);

[Exchange("jobs", ExchangeKind.Direct)]
public interface IJobs { [RoutingKey("run.now")] ValueTask /*!TAMQP006*/Run(A m); }

[Queue("jobs.q")]
/*!TAMQP004*/[Binding(typeof(IJobs), "run.*")]
public interface IQ { }

[JsonSerializable(typeof(A))]
public sealed partial class Json : JsonSerializerContext { }
