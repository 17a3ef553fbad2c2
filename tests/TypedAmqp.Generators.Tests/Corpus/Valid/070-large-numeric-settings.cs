// Queue settings with long values beyond int range and the largest priority.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Big.BJson))]

namespace Big;

public sealed record Blob(Guid Id);

[Exchange("blobs", ExchangeKind.Topic)]
public interface IBlobs { [RoutingKey("blob.{Id}")] ValueTask Put(Blob message); }

[Queue("blobs.q", MessageTtl = 5_000_000_000L, Expires = 9_000_000_000L, MaxLength = 3_000_000_000L, MaxLengthBytes = long.MaxValue, MaxPriority = 255)]
[Binding(typeof(IBlobs), "blob.*")]
[Consumer]
public interface IBlobHandler { ValueTask Handle(Blob message); }

[JsonSerializable(typeof(Blob))]
public sealed partial class BJson : JsonSerializerContext { }
