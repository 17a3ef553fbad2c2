// Attributes spelt every way: aliases (file and global), fully qualified, with the Attribute suffix, named constructor arguments, constants and combined lists.
global using GlobalQueue = TypedAmqp.QueueAttribute;
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;
using Ex = TypedAmqp.ExchangeAttribute;
using Key = TypedAmqp.RoutingKeyAttribute;

[assembly: global::TypedAmqp.JsonContextAttribute(typeof(Spelling.SJson))]

namespace Spelling;

public static class Names
{
    public const string Prefix = "spelling";
    public const string Orders = $"{Prefix}.orders";
    public const string Created = "order." + nameof(Created);
}

public sealed record OrderCreated(string Region);

[Ex(Names.Orders, ExchangeKind.Topic)]
public interface IOrders
{
    [Key(Names.Created + ".{Region}")]
    ValueTask Created(OrderCreated message);
}

[global::TypedAmqp.ExchangeAttribute(name: "spelling.fan", kind: ExchangeKind.Fanout), TypedAmqp.ExchangeBinding(typeof(IOrders), routingKey: "order.#")]
public interface IFan { }

[GlobalQueue(kind: QueueKind.Quorum, name: "spelling.q", DeliveryLimit = 3), TypedAmqp.Binding(routingKey: "order.Created.*", exchange: typeof(IOrders))]
[TypedAmqp.ConsumerAttribute(Prefetch = 8)]
public interface IHandler { ValueTask Handle(OrderCreated message); }

[QueueAttribute("spelling.fan.q")]
[BindingAttribute(Names.Prefix + ".fan")]
public interface IFanQueue { }

[JsonSerializable(typeof(OrderCreated))]
public sealed partial class SJson : JsonSerializerContext { }
