// Contracts with private, protected and sealed members with bodies, and a nested contract inside a contract.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Bodies.BJson))]

namespace Bodies;

public sealed record A(string X);

[Exchange("bodies", ExchangeKind.Fanout)]
public interface IBodies
{
    ValueTask Publish(A message);

    private ValueTask Twice(A message) => Publish(message);
    protected ValueTask Thrice(A message) => Twice(message);
    sealed ValueTask All(A message) => Thrice(message);
    private static string Name() => "bodies";

    [Exchange("bodies.inner", ExchangeKind.Fanout)]
    public interface IInner { ValueTask Publish(A message); }
}

[Queue("bodies.q")]
[Binding(typeof(IBodies))]
[Binding(typeof(IBodies.IInner))]
[Consumer]
public interface IBodiesHandler
{
    ValueTask Handle(A message);
    private ValueTask Helper(A message) => Handle(message);
}

[JsonSerializable(typeof(A))]
public sealed partial class BJson : JsonSerializerContext { }
