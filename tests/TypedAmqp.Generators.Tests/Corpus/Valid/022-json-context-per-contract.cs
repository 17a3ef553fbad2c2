// A [JsonContext] on one contract overrides the assembly's; each context registers only its own contract's messages.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Split.MainJson))]

namespace Split;

public sealed record Common(string X);
public sealed record Special(string Y);

[Exchange("split.common", ExchangeKind.Fanout)]
public interface ICommon
{
    ValueTask Publish(Common message);
}

[Exchange("split.special", ExchangeKind.Fanout)]
[JsonContext(typeof(SpecialJson))]
public interface ISpecial
{
    ValueTask Publish(Special message);
}

[Queue("split.special.q")]
[Binding(typeof(ISpecial))]
[Consumer]
[JsonContext(typeof(SpecialJson))]
public interface ISpecialHandler
{
    ValueTask Handle(Special message);
}

[Queue("split.common.q")]
[Binding(typeof(ICommon))]
public interface ICommonQueue { }

[JsonSerializable(typeof(Common))]
public sealed partial class MainJson : JsonSerializerContext { }

[JsonSerializable(typeof(Special))]
internal sealed partial class SpecialJson : JsonSerializerContext { }
