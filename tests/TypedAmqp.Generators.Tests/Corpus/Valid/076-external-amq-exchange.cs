// An amq.* broker exchange the generator does not know, stated with [assembly: ExternalExchange].
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Trace.TJson))]
[assembly: ExternalExchange("amq.rabbitmq.trace", ExchangeKind.Topic)]

namespace Trace;

public sealed record Traced(string Body);

[Queue("firehose", Exclusive = true)]
[Binding("amq.rabbitmq.trace", "deliver.#")]
[Consumer]
public interface IFirehose { ValueTask Handle(Traced message, MessageContext context); }

[JsonSerializable(typeof(Traced))]
public sealed partial class TJson : JsonSerializerContext { }
