// A publisher and a consumer extending one generic base interface twice (IPublishes<A>, IPublishes<B>), with a constrained placeholder.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(TwoInst.TJson))]

namespace TwoInst;

public interface IKeyed { string Key { get; } }
public sealed record A(string Key) : IKeyed;
public sealed record B(string Key, int N) : IKeyed;

public interface IPublishes<T> where T : IKeyed
{
    [RoutingKey("item.{Key}")]
    ValueTask Publish(T message, CancellationToken ct = default);
}

public interface IHandles<T>
{
    ValueTask Handle(T message, MessageContext context);
}

[Exchange("twoinst", ExchangeKind.Topic)]
public interface IItems : IPublishes<A>, IPublishes<B> { }

[Queue("twoinst.q")]
[Binding(typeof(IItems), "item.*")]
[Consumer]
public interface IItemHandler : IHandles<A>, IHandles<B> { }

[JsonSerializable(typeof(A))]
[JsonSerializable(typeof(B))]
public sealed partial class TJson : JsonSerializerContext { }
