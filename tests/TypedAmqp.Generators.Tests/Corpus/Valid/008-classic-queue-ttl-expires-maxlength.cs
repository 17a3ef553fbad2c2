// A classic queue with message TTL, expiry, max length and max length bytes, dead-lettering to a declared exchange.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Cache.CacheJson))]

namespace Cache;

public sealed record Invalidate(string Key);

[Exchange("cache", ExchangeKind.Topic)]
public interface ICacheEvents
{
    [RoutingKey("cache.invalidate.{Key}")]
    ValueTask Invalidate(Invalidate message);
}

[Exchange("cache.dlx", ExchangeKind.Fanout)]
public interface ICacheDeadLetters { }

[Queue("cache.invalidations", MessageTtl = 60_000, Expires = 3_600_000, MaxLength = 10_000, MaxLengthBytes = 10_485_760,
    Overflow = QueueOverflow.DropHead, DeadLetterExchange = "cache.dlx", DeadLetterRoutingKey = "expired")]
[Binding(typeof(ICacheEvents), "cache.invalidate.*")]
[Consumer]
public interface IInvalidator
{
    ValueTask Handle(Invalidate message);
}

[Queue("cache.dead")]
[Binding(typeof(ICacheDeadLetters))]
public interface ICacheDead { }

[JsonSerializable(typeof(Invalidate))]
public sealed partial class CacheJson : JsonSerializerContext { }
