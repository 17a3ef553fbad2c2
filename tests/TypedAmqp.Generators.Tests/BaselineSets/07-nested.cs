// Nested contracts: two outer classes each hold an IEvents, and a consumer nested in an internal class.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Modules.ModulesJson))]

namespace Modules;

public sealed record Changed(string Key);

public static class Billing
{
    [Exchange("billing.events", ExchangeKind.Fanout)]
    public interface IEvents { ValueTask Changed(Changed message); }
}

public static class Shipping
{
    [Exchange("shipping.events", ExchangeKind.Fanout)]
    public interface IEvents { ValueTask Changed(Changed message); }
}

internal static class Listeners
{
    [Queue("modules.changes")]
    [Binding(typeof(Billing.IEvents))]
    [Binding(typeof(Shipping.IEvents))]
    [Consumer]
    public interface IChanges { ValueTask Handle(Changed message); }
}

[JsonSerializable(typeof(Changed))]
public sealed partial class ModulesJson : JsonSerializerContext { }
