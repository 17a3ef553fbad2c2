// TAMQP006: a fanout and a topic publisher that no queue or exchange is bound to.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(C.Json))]

namespace C;

public sealed record Order(string Id);

[Exchange("orders.fan", ExchangeKind.Fanout)]
public interface IFan { ValueTask /*!TAMQP006*/Publish(Order m); }

[Exchange("orders.topic", ExchangeKind.Topic)]
public interface ITopic { [RoutingKey("o.{Id}")] ValueTask /*!TAMQP006*/Publish(Order m); }

[JsonSerializable(typeof(Order))]
public sealed partial class Json : JsonSerializerContext { }
