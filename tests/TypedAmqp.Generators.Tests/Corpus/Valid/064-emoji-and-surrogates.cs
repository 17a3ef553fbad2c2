// Names with emoji (surrogate pairs) and combining characters in exchange, queue, routing key and wire names.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Emoji.EJson))]

namespace Emoji;

[MessageType("🎉.party")]
public sealed record Party(string Guest);

[Exchange("🎉 parties", ExchangeKind.Topic)]
public interface IParties
{
    [RoutingKey("🎉.{Guest}.e\u0301")]
    ValueTask Invite(Party message);
}

[Queue("🎈 queue")]
[Binding(typeof(IParties), "🎉.*.e\u0301")]
[Consumer]
public interface IHost { ValueTask Handle(Party message); }

[JsonSerializable(typeof(Party))]
public sealed partial class EJson : JsonSerializerContext { }
