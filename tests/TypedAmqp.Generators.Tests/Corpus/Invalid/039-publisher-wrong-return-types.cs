// TAMQP010: publisher methods returning void, int and Task<int>.
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
    void /*!TAMQP010*/Fire(Job m);
    int /*!TAMQP010*/Count(Job m);
    Task<int> /*!TAMQP010*/Number(Job m);
    ValueTask Ok(Job m);
}

[Queue("jobs.q")]
[Binding(typeof(IJobs))]
public interface IQ { }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
