// A contract nested as protected internal (reachable from the whole assembly).
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(ProtInt.PJson))]

namespace ProtInt;

public sealed record A(string X);

public class Module
{
    [Exchange("protint", ExchangeKind.Fanout)]
    protected internal interface IEvents { ValueTask Publish(A message); }

    [Queue("protint.q")]
    [Binding(typeof(IEvents))]
    [Consumer]
    protected internal interface IHandler { ValueTask Handle(A message); }
}

[JsonSerializable(typeof(A))]
public sealed partial class PJson : JsonSerializerContext { }
