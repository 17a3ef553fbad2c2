// A JSON context nested in a partial class, used by a contract nested in the same class.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(NestedCtx.Module.Json))]

namespace NestedCtx;

public static partial class Module
{
    public sealed record Started(int Id);

    [Exchange("module", ExchangeKind.Fanout)]
    public interface IModule { ValueTask Started(Started message); }

    [Queue("module.q")]
    [Binding(typeof(IModule))]
    [Consumer]
    public interface IModuleHandler { ValueTask Handle(Started message); }

    [JsonSerializable(typeof(Started))]
    public sealed partial class Json : JsonSerializerContext { }
}
