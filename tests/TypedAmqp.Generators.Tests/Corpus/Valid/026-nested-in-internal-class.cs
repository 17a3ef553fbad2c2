// Public and internal contracts nested in an internal class (effectively internal).
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Hidden.HiddenJson))]

namespace Hidden;

public sealed record Tick(long N);

internal sealed class Clock
{
    [Exchange("clock", ExchangeKind.Fanout)]
    public interface ITicks
    {
        ValueTask Tick(Tick message);
    }

    [Queue("clock.ticks")]
    [Binding(typeof(ITicks))]
    [Consumer]
    internal interface ITickHandler
    {
        ValueTask Handle(Tick message);
    }
}

[JsonSerializable(typeof(Tick))]
internal sealed partial class HiddenJson : JsonSerializerContext { }
