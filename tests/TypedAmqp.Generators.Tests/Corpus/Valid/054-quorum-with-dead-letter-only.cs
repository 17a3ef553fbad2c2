// A quorum queue with a dead-letter exchange and routing key but no delivery limit, plus quorum limits.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(QDlx.QJson))]

namespace QDlx;

public sealed record Order(int Id);

[Exchange("qdlx.orders", ExchangeKind.Direct)]
public interface IOrders { [RoutingKey("order")] ValueTask Place(Order message); }

[Exchange("qdlx.dead", ExchangeKind.Direct)]
public interface IDead { }

[Queue("qdlx.orders", QueueKind.Quorum, DeadLetterExchange = "qdlx.dead", DeadLetterRoutingKey = "order.dead",
    MessageTtl = 86_400_000, MaxLength = 100_000, Overflow = QueueOverflow.RejectPublish)]
[Argument("x-dead-letter-strategy", "at-least-once")]
[Binding(typeof(IOrders), "order")]
[Consumer(MaxDeliveryCount = 5)]
public interface IOrderHandler { ValueTask Handle(Order message); }

[Queue("qdlx.orders.dead", QueueKind.Quorum, DeliveryLimit = 1)]
[Binding(typeof(IDead), "order.dead")]
public interface IDeadOrders { }

[JsonSerializable(typeof(Order))]
public sealed partial class QJson : JsonSerializerContext { }
