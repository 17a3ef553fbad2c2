// Message types nested in a static class and in the contract interface itself.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(NestedMsg.NJson))]

namespace NestedMsg;

public static class Messages
{
    public sealed record Inner(string Name);
    public enum Kind { A, B }
    public sealed record Kinded(Kind Kind);
}

[Exchange("nested.msgs", ExchangeKind.Topic)]
public interface INested
{
    [RoutingKey("inner.{Name}")] ValueTask Inner(Messages.Inner message);
    [RoutingKey("kind.{Kind}")] ValueTask Kinded(Messages.Kinded message);
    [RoutingKey("own")] ValueTask Own(OwnMessage message);

    public sealed record OwnMessage(int X);
}

[Queue("nested.msgs.q")]
[Binding(typeof(INested), "#")]
[Consumer]
public interface INestedHandler
{
    ValueTask Handle(Messages.Inner message);
    ValueTask Handle(Messages.Kinded message);
    ValueTask Handle(INested.OwnMessage message);
}

[JsonSerializable(typeof(Messages.Inner))]
[JsonSerializable(typeof(Messages.Kinded))]
[JsonSerializable(typeof(INested.OwnMessage))]
public sealed partial class NJson : JsonSerializerContext { }
