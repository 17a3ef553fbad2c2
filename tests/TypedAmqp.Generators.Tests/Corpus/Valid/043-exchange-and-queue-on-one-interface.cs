// One interface that is both an [Exchange] publisher and a [Queue]+[Consumer] bound to its own exchange.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Loop.LoopJson))]

namespace Loop;

public sealed record Step(int N);

[Exchange("loop", ExchangeKind.Direct)]
[Queue("loop.steps")]
[Binding(typeof(IStepper), "step")]
[Consumer]
public interface IStepper
{
    [RoutingKey("step")]
    ValueTask Handle(Step message);
}

[JsonSerializable(typeof(Step))]
public sealed partial class LoopJson : JsonSerializerContext { }
