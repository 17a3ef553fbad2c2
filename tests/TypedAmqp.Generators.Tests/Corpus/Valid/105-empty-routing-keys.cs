// Empty routing keys: [RoutingKey("")] on direct and topic exchanges bound with "", and a key on a fanout method.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Empty.EJson))]

namespace Empty;

public sealed record A(string X);

[Exchange("empty.direct", ExchangeKind.Direct)]
public interface IDirect { [RoutingKey("")] ValueTask Publish(A message); }

[Exchange("empty.topic", ExchangeKind.Topic)]
public interface ITopic { [RoutingKey("")] ValueTask Publish(A message); }

[Exchange("empty.fanout", ExchangeKind.Fanout)]
public interface IFanout { /*!TAMQP044*/[RoutingKey("ignored.{X}")] ValueTask Publish(A message); }

[Queue("empty.q")]
[Binding(typeof(IDirect))]
[Binding(typeof(ITopic), "")]
[Binding(typeof(IFanout))]
[Consumer]
public interface IHandler { ValueTask Handle(A message); }

[JsonSerializable(typeof(A))]
public sealed partial class EJson : JsonSerializerContext { }
