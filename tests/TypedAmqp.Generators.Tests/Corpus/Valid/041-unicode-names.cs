// Unicode identifiers (interface, message, members, namespace) and unicode exchange, queue and key names.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Übersetzung.ÜJson))]

namespace Übersetzung;

public enum Sprache { Deutsch, Français, 日本語 }

public sealed record Übersetzt(string Wörter, Sprache Sprache);

[Exchange("übersetzungen.ß", ExchangeKind.Topic)]
public interface IÜbersetzungen
{
    [RoutingKey("übersetzt.{Sprache}.{Wörter}")]
    ValueTask Übersetzt(Übersetzt nachricht);
}

[Queue("übersetzungen.日本")]
[Binding(typeof(IÜbersetzungen), "übersetzt.*.#")]
[Consumer]
public interface IÜbersetzer
{
    ValueTask Behandle(Übersetzt nachricht);
}

[JsonSerializable(typeof(Übersetzt))]
public sealed partial class ÜJson : JsonSerializerContext { }
