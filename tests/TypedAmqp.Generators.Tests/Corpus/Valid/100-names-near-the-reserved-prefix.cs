// Names near the reserved prefix that are allowed: 'amq', 'AMQ.x', 'amqp.x', 'x.amq.y', and a dead-letter exchange that is external.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Near.NJson))]
[assembly: ExternalExchange("shared.dlx", ExchangeKind.Fanout)]

namespace Near;

public sealed record A(string X);

[Exchange("amq", ExchangeKind.Fanout)]
public interface IAmq { ValueTask Publish(A message); }

[Exchange("AMQ.upper", ExchangeKind.Fanout)]
public interface IUpper { ValueTask Publish(A message); }

[Exchange("amqp.events", ExchangeKind.Fanout)]
public interface IAmqp { ValueTask Publish(A message); }

[Queue("x.amq.y", QueueKind.Quorum, DeadLetterExchange = "shared.dlx")]
[Binding(typeof(IAmq))]
[Binding(typeof(IUpper))]
[Binding(typeof(IAmqp))]
[Consumer]
public interface IHandler { ValueTask Handle(A message); }

[JsonSerializable(typeof(A))]
public sealed partial class NJson : JsonSerializerContext { }
