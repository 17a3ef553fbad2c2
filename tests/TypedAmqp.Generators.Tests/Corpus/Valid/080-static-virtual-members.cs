// Contracts with static virtual members that have default bodies (not contract methods).
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(StaticVirtual.SJson))]

namespace StaticVirtual;

public sealed record A(string X);

[Exchange("sv", ExchangeKind.Fanout)]
public interface ISv
{
    static virtual string Describe() => "sv";
    ValueTask Publish(A message);
}

[Queue("sv.q")]
[Binding(typeof(ISv))]
[Consumer]
public interface ISvHandler
{
    static virtual int Version => 1;
    ValueTask Handle(A message);
}

[JsonSerializable(typeof(A))]
public sealed partial class SJson : JsonSerializerContext { }
