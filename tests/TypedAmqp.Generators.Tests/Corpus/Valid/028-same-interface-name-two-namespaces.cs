// The same interface names (IEvents publisher, IHandler consumer) in two namespaces.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Shared.SharedJson))]

namespace Shared
{
    public sealed record Alpha(string A);
    public sealed record Beta(string B);

    [JsonSerializable(typeof(Alpha))]
    [JsonSerializable(typeof(Beta))]
    public sealed partial class SharedJson : JsonSerializerContext { }
}

namespace One
{
    [Exchange("one", ExchangeKind.Fanout)]
    public interface IEvents { ValueTask Publish(Shared.Alpha message); }

    [Queue("one.q")]
    [Binding(typeof(IEvents))]
    [Consumer]
    public interface IHandler { ValueTask Handle(Shared.Alpha message); }
}

namespace Two
{
    [Exchange("two", ExchangeKind.Fanout)]
    public interface IEvents { ValueTask Publish(Shared.Beta message); }

    [Queue("two.q")]
    [Binding(typeof(IEvents))]
    [Consumer]
    public interface IHandler { ValueTask Handle(Shared.Beta message); }
}
