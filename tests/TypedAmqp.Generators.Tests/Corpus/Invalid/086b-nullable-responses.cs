// Requests and handlers whose response is annotated nullable (ValueTask<Found?>), for 'not found' answers.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Lookups.LJson))]

namespace Lookups;

public sealed record Lookup(Guid Id);
public sealed record Found(Guid Id, string Name);

[Exchange("lookups", ExchangeKind.Direct)]
public interface ILookups
{
    [RoutingKey("lookup")] ValueTask<Found?> /*!TAMQP010*/Find(Lookup message, CancellationToken ct = default);
}

[Queue("lookups.q")]
[Binding(typeof(ILookups), "lookup")]
[Consumer]
public interface ILookupService
{
    ValueTask<Found?> /*!TAMQP011*/Handle(Lookup message, CancellationToken ct);
}

[JsonSerializable(typeof(Lookup))]
[JsonSerializable(typeof(Found))]
public sealed partial class LJson : JsonSerializerContext { }
