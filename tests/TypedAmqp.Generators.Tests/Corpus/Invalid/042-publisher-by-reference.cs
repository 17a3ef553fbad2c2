// TAMQP010: in, ref and out message parameters and a ref options parameter.
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
public struct Point { public int X; }

[Exchange("jobs", ExchangeKind.Fanout)]
public interface IJobs
{
    ValueTask /*!TAMQP010*/In(in Point m);
    ValueTask /*!TAMQP010*/Ref(ref Job m);
    ValueTask /*!TAMQP010*/Out(out Job m);
    ValueTask /*!TAMQP010*/RefOptions(Job m, ref PublishOptions options);
    ValueTask Ok(Job m);
}

[Queue("jobs.q")]
[Binding(typeof(IJobs))]
public interface IQ { }

[JsonSerializable(typeof(Job))]
[JsonSerializable(typeof(Point))]
public sealed partial class Json : JsonSerializerContext { }
