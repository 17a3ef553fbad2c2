// Server-named exclusive classic queues (Durable = false, AutoDelete) for fanout and topic subscriptions.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Live.LiveJson))]

namespace Live;

public sealed record Update(string Topic);

[Exchange("live", ExchangeKind.Fanout)]
public interface ILive { ValueTask Push(Update message); }

[Exchange("live.topics", ExchangeKind.Topic)]
public interface ILiveTopics { [RoutingKey("update.{Topic}")] ValueTask Push(Update message); }

[Queue("", Exclusive = true, AutoDelete = true, Durable = false)]
[Binding(typeof(ILive))]
[Consumer]
public interface ILiveSubscriber { ValueTask Handle(Update message); }

[Queue("", Exclusive = true)]
[Binding(typeof(ILiveTopics), "update.*")]
[Consumer]
public interface ITopicSubscriber { ValueTask Handle(Update message); }

[JsonSerializable(typeof(Update))]
public sealed partial class LiveJson : JsonSerializerContext { }
