// External exchanges of each kind (including a custom one) bound with keys that fit them.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Ext.EJson))]
[assembly: ExternalExchange("ext.direct", ExchangeKind.Direct)]
[assembly: ExternalExchange("ext.fanout", ExchangeKind.Fanout)]
[assembly: ExternalExchange("ext.topic", ExchangeKind.Topic)]
[assembly: ExternalExchange("ext.headers", ExchangeKind.Headers)]
[assembly: ExternalExchange("ext.custom", ExchangeKind.Custom)]

namespace Ext;

public sealed record E(string X);

[Queue("ext.q")]
[Binding("ext.direct", "exact")]
[Binding("ext.fanout")]
[Binding("ext.topic", "a.*.#")]
[Binding("ext.headers", Headers = new[] { "k=v" })]
[Binding("ext.custom", "anything")]
[Consumer]
public interface IExt { ValueTask Handle(E message); }

[Exchange("ext.mine", ExchangeKind.Topic)]
[ExchangeBinding("ext.topic", "mine.#")]
[ExchangeBinding("ext.fanout")]
public interface IMine { [RoutingKey("mine.{X}")] ValueTask Publish(E message); }

[Queue("ext.mine.q")]
[Binding(typeof(IMine), "mine.*")]
public interface IMineQueue { }

[JsonSerializable(typeof(E))]
public sealed partial class EJson : JsonSerializerContext { }
