// Exchange-to-exchange bindings: a topic exchange forwards to a regional direct exchange and an internal fanout.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Routing.RoutingJson))]

namespace Routing;

public sealed record Order(Guid Id, string Region);

[Exchange("orders", ExchangeKind.Topic)]
public interface IOrders
{
    [RoutingKey("order.{Region}")]
    ValueTask Placed(Order order, CancellationToken cancellationToken = default);
}

[Exchange("orders.eu", ExchangeKind.Topic)]
[ExchangeBinding(typeof(IOrders), "order.eu")]
public interface IEuOrders { }

[Exchange("orders.audit", ExchangeKind.Fanout, Internal = true)]
[ExchangeBinding(typeof(IOrders), "#")]
public interface IOrderAudit { }

[Queue("orders.eu.billing")]
[Binding(typeof(IEuOrders), "order.eu")]
public interface IEuBilling { }

[Queue("orders.audit.log")]
[Binding(typeof(IOrderAudit))]
public interface IAuditLog { }

[JsonSerializable(typeof(Order))]
public sealed partial class RoutingJson : JsonSerializerContext { }
