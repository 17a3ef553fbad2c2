// A queue bound to the broker's firehose exchange amq.rabbitmq.trace (a built-in amq.* topic exchange).
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Trace.TJson))]

namespace Trace;

public sealed record Traced(string Body);

[Queue("firehose", Exclusive = true)]
[Binding("amq.rabbitmq.trace", "publish.#")]
[Consumer]
public interface IFirehose { ValueTask Handle(Traced message, MessageContext context); }

[JsonSerializable(typeof(Traced))]
public sealed partial class TJson : JsonSerializerContext { }
