// Requests and handlers whose response is annotated nullable (ValueTask<Found?>), for 'not found' answers.
// DEFECT: the nullable annotation of the response is dropped in generated code: warning CS8619 in LookupsPublisher.g.cs and LookupServiceDispatcher.g.cs.
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
    [RoutingKey("lookup")] ValueTask<Found?> Find(Lookup message, CancellationToken ct = default);
}

[Queue("lookups.q")]
[Binding(typeof(ILookups), "lookup")]
[Consumer]
public interface ILookupService
{
    ValueTask<Found?> Handle(Lookup message, CancellationToken ct);
}

[JsonSerializable(typeof(Lookup))]
[JsonSerializable(typeof(Found))]
public sealed partial class LJson : JsonSerializerContext { }
