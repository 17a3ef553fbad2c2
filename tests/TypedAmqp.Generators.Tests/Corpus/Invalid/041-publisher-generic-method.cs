// TAMQP010: a generic publisher method.
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
public interface IJobs
{
    ValueTask /*!TAMQP010*/Publish<T>(T message) where T : class;
    ValueTask Ok(Job m);
}

[Queue("jobs.q")]
[Binding(typeof(IJobs))]
public interface IQ { }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
