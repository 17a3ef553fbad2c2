// A fanout exchange feeding a stream queue (retention by age and size) and a classic queue.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Audit.AuditJson))]

namespace Audit;

[MessageType("audit.entry")]
public sealed record Entry(Guid Id, string Actor, DateTimeOffset At);

[Exchange("audit", ExchangeKind.Fanout)]
public interface IAudit
{
    ValueTask Record(Entry entry, CancellationToken cancellationToken = default);
}

[Queue("audit.stream", QueueKind.Stream, MaxLengthBytes = 1000000000)]
[Argument("x-max-age", "7D")]
[Binding(typeof(IAudit))]
[Consumer(Prefetch = 100)]
public interface IAuditArchive
{
    ValueTask Archive(Entry entry, MessageContext context, CancellationToken cancellationToken);
}

[Queue("audit.recent", Expires = 3600000)]
[Binding(typeof(IAudit))]
public interface IRecentAudit { }

[JsonSerializable(typeof(Entry))]
public sealed partial class AuditJson : JsonSerializerContext { }
