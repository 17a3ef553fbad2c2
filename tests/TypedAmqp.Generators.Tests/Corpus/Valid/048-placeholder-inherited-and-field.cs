// Placeholders naming a property inherited from a base record and a public field.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Bases.BJson))]

namespace Bases;

public enum Region { Eu, Us }

public abstract record Envelope(Region Region, string Tenant);
public sealed record Invoice(Region Region, string Tenant, decimal Total) : Envelope(Region, Tenant);

public class FieldMessage
{
    public string Code = "";
    public int Version;
}

[Exchange("bases", ExchangeKind.Topic)]
public interface IBases
{
    [RoutingKey("invoice.{Region}.{Tenant}")] ValueTask Invoice(Invoice message);
    [RoutingKey("field.{Code}.v{Version}")] ValueTask Field(FieldMessage message);
}

[Queue("bases.q")]
[Binding(typeof(IBases), "invoice.*.*")]
[Binding(typeof(IBases), "field.#")]
[Consumer]
public interface IBasesHandler
{
    ValueTask Handle(Invoice message);
    ValueTask Handle(FieldMessage message);
}

[JsonSerializable(typeof(Invoice))]
[JsonSerializable(typeof(FieldMessage))]
public sealed partial class BJson : JsonSerializerContext { }
