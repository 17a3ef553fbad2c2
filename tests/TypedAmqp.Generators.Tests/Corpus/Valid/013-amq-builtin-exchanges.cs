// Queues bound to the broker's amq.topic, amq.direct, amq.fanout and amq.headers by name.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Builtins.BuiltinsJson))]

namespace Builtins;

public sealed record Signal(string Name);

[Queue("signals.topic")]
[Binding("amq.topic", "signal.#")]
[Consumer]
public interface ITopicSignals
{
    ValueTask Handle(Signal message);
}

[Queue("signals.direct")]
[Binding("amq.direct", "signal")]
public interface IDirectSignals { }

[Queue("signals.fanout")]
[Binding("amq.fanout")]
public interface IFanoutSignals { }

[Queue("signals.headers")]
[Binding("amq.headers", Headers = new[] { "signal=yes" })]
[Binding("amq.match", Headers = new[] { "signal=maybe" }, HeaderMatch = HeaderMatch.Any)]
public interface IHeaderSignals { }

[JsonSerializable(typeof(Signal))]
public sealed partial class BuiltinsJson : JsonSerializerContext { }
