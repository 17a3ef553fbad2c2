// Requests with Task<T> handlers, record-struct responses, a response type used as a message elsewhere.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Rpc.RpcJson))]

namespace Rpc;

public sealed record Ask(string Question);
public readonly record struct Answer(string Text, int Confidence);
public sealed record Lookup(Guid Id);
public sealed record Found(Guid Id, string Name);

[Exchange("rpc", ExchangeKind.Topic)]
public interface IRpc
{
    [RoutingKey("rpc.ask")] [ReplyTimeout(100)] ValueTask<Answer> Ask(Ask message);
    [RoutingKey("rpc.lookup.{Id}")] Task<Found> Lookup(Lookup message, PublishOptions? options = null, CancellationToken ct = default);
    [RoutingKey("rpc.found")] ValueTask Announce(Found message);
}

[Queue("rpc.ask")]
[Binding(typeof(IRpc), "rpc.ask")]
[Consumer]
public interface IAsker { Task<Answer> Handle(Ask message, MessageContext context, CancellationToken ct); }

[Queue("rpc.lookup")]
[Binding(typeof(IRpc), "rpc.lookup.*")]
[Binding(typeof(IRpc), "rpc.found")]
[Consumer]
public interface ILookup
{
    ValueTask<Found> Handle(Lookup message);
    ValueTask Handle(Found message);
}

[JsonSerializable(typeof(Ask))]
[JsonSerializable(typeof(Answer))]
[JsonSerializable(typeof(Lookup))]
[JsonSerializable(typeof(Found))]
public sealed partial class RpcJson : JsonSerializerContext { }
