// Placeholders of string, int, long, Guid, enum, short and byte types in a topic key; DateOnly in a direct key.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Keys.KeysJson))]

namespace Keys;

public enum Color { Red, Green }

public sealed record Tagged(string S, int I, long L, Guid G, Color C, short Sh, byte By, uint U);
public sealed record Daily(DateOnly Day, string Report);

[Exchange("keys", ExchangeKind.Topic)]
public interface IKeys
{
    [RoutingKey("k.{S}.{I}.{L}.{G}.{C}.{Sh}.{By}.{U}")]
    ValueTask Tagged(Tagged message);
}

[Exchange("daily", ExchangeKind.Direct)]
public interface IDaily
{
    [RoutingKey("report-{Day}")]
    ValueTask Report(Daily message);
}

[Queue("keys.all")]
[Binding(typeof(IKeys), "k.#")]
public interface IKeysQueue { }

[Queue("daily.reports")]
[Binding(typeof(IDaily), "report-2026-01-01")]
public interface IDailyQueue { }

[JsonSerializable(typeof(Tagged))]
[JsonSerializable(typeof(Daily))]
public sealed partial class KeysJson : JsonSerializerContext { }
