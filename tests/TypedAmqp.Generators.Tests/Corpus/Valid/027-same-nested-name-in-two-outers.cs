// Two nested contracts named IEvents (and two named IHandler) in different outer classes.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Twins.TwinsJson))]

namespace Twins;

public sealed record OrderPlaced(int Id);
public sealed record UserJoined(int Id);

public static class Orders
{
    [Exchange("orders", ExchangeKind.Fanout)]
    public interface IEvents { ValueTask Placed(OrderPlaced message); }

    [Queue("orders.q")]
    [Binding(typeof(IEvents))]
    [Consumer]
    public interface IHandler { ValueTask Handle(OrderPlaced message); }
}

public static class Users
{
    [Exchange("users", ExchangeKind.Fanout)]
    public interface IEvents { ValueTask Joined(UserJoined message); }

    [Queue("users.q")]
    [Binding(typeof(IEvents))]
    [Consumer]
    public interface IHandler { ValueTask Handle(UserJoined message); }
}

[JsonSerializable(typeof(OrderPlaced))]
[JsonSerializable(typeof(UserJoined))]
public sealed partial class TwinsJson : JsonSerializerContext { }
