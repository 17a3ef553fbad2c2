// Contracts nested in an interface, in a struct and in a record.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Holders.HJson))]

namespace Holders;

public sealed record A(string X);

public interface IModule
{
    [Exchange("holders.iface", ExchangeKind.Fanout)]
    public interface IEvents { ValueTask Publish(A message); }
}

public struct Holder
{
    [Queue("holders.struct")]
    [Binding(typeof(IModule.IEvents))]
    [Consumer]
    public interface IHandler { ValueTask Handle(A message); }
}

public sealed record Settings(int N)
{
    [Exchange("holders.record", ExchangeKind.Fanout)]
    public interface IEvents { ValueTask Publish(A message); }

    [Queue("holders.record.q")]
    [Binding(typeof(IEvents))]
    public interface IQ { }
}

[JsonSerializable(typeof(A))]
public sealed partial class HJson : JsonSerializerContext { }
