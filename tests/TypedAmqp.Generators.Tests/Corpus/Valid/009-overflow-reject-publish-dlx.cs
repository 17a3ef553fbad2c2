// Overflow RejectPublishDeadLetter and RejectPublish, with the dead-letter exchange they need.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Ingest.IngestJson))]

namespace Ingest;

public sealed record Row(long Id, string Payload);

[Exchange("ingest", ExchangeKind.Direct)]
public interface IIngest
{
    [RoutingKey("row")]
    ValueTask Row(Row message);
}

[Exchange("ingest.overflow", ExchangeKind.Fanout)]
public interface IIngestOverflow { }

[Queue("ingest.rows", MaxLength = 1000, Overflow = QueueOverflow.RejectPublishDeadLetter, DeadLetterExchange = "ingest.overflow")]
[Binding(typeof(IIngest), "row")]
[Consumer(Concurrency = 2)]
public interface IRowWriter
{
    ValueTask Handle(Row message);
}

[Queue("ingest.rows.audit", MaxLength = 50, Overflow = QueueOverflow.RejectPublish)]
[Binding(typeof(IIngest), "row")]
public interface IRowAudit { }

[Queue("ingest.overflowed")]
[Binding(typeof(IIngestOverflow))]
public interface IOverflowed { }

[JsonSerializable(typeof(Row))]
public sealed partial class IngestJson : JsonSerializerContext { }
