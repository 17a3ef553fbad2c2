// TAMQP010: message parameters of type string, int, object array element and a generic class.
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
public sealed class Wrapper<T> { public T? Value { get; set; } }

[Exchange("jobs", ExchangeKind.Fanout)]
public interface IJobs
{
    ValueTask /*!TAMQP010*/Text(string m);
    ValueTask /*!TAMQP010*/Number(int m);
    ValueTask /*!TAMQP010*/Objects(object[] m);
    ValueTask /*!TAMQP010*/Wrapped(Wrapper<Job> m);
    ValueTask /*!TAMQP010*/Dictionary(Dictionary<string, Job> m);
    ValueTask Ok(Job m);
}

[Queue("jobs.q")]
[Binding(typeof(IJobs))]
public interface IQ { }

[JsonSerializable(typeof(Job))]
public sealed partial class Json : JsonSerializerContext { }
