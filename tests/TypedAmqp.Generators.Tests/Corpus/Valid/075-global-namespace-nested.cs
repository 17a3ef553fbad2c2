// A nested contract in the global namespace and a same-named top-level one elsewhere.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(GlobalNestedJson))]

public sealed record GN(string X);

public static class Area
{
    [Exchange("area", ExchangeKind.Fanout)]
    public interface IEvents { ValueTask Publish(GN message); }

    [Queue("area.q")]
    [Binding(typeof(IEvents))]
    [Consumer]
    public interface IHandler { ValueTask Handle(GN message); }
}

namespace Elsewhere
{
    [Exchange("elsewhere", ExchangeKind.Fanout)]
    public interface IEvents { ValueTask Publish(GN message); }

    [Queue("elsewhere.q")]
    [Binding(typeof(IEvents))]
    public interface IQ { }
}

[JsonSerializable(typeof(GN))]
public sealed partial class GlobalNestedJson : JsonSerializerContext { }
