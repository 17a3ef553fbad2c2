// Bindings to exchanges another service declares, via [assembly: ExternalExchange], including an exchange binding.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Legacy.LegacyJson))]
[assembly: ExternalExchange("legacy.events", ExchangeKind.Topic)]
[assembly: ExternalExchange("legacy.broadcast", ExchangeKind.Fanout)]

namespace Legacy;

public sealed record LegacyEvent(string Code);

[Exchange("bridge", ExchangeKind.Topic)]
[ExchangeBinding("legacy.events", "legacy.#")]
public interface IBridge
{
    [RoutingKey("bridge.{Code}")]
    ValueTask Forward(LegacyEvent message);
}

[Queue("legacy.consumer")]
[Binding("legacy.events", "legacy.order.*")]
[Binding("legacy.broadcast")]
[Binding(typeof(IBridge), "bridge.*")]
[Consumer]
public interface ILegacyConsumer
{
    ValueTask Handle(LegacyEvent message, MessageContext context);
}

[JsonSerializable(typeof(LegacyEvent))]
public sealed partial class LegacyJson : JsonSerializerContext { }
