// TAMQP010: a publisher contract with a property, an event and an indexer.
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
    string /*!TAMQP010*/Name { get; set; }
    event EventHandler /*!TAMQP010*/Published;
    int /*!TAMQP010*/this[int index] { get; }
    ValueTask Publish(Job m);
}

[Queue("jobs.q")]
[Binding(typeof(IJobs))]
public interface IQ { }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
