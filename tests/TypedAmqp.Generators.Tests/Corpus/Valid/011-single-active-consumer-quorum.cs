// A quorum queue with single active consumer, a delivery limit and MaxDeliveryCount on the consumer.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Ledger.LedgerJson))]

namespace Ledger;

public sealed record Posting(Guid Account, long Cents);

[Exchange("ledger", ExchangeKind.Topic)]
public interface ILedger
{
    [RoutingKey("posting.{Account}")]
    ValueTask Post(Posting message, CancellationToken ct = default);
}

[Queue("ledger.postings", QueueKind.Quorum, SingleActiveConsumer = true, DeliveryLimit = 10)]
[Binding(typeof(ILedger), "posting.*")]
[Consumer(Prefetch = 50, MaxDeliveryCount = 10, Retries = 2, RetryDelay = 250, RequeueOnFailure = true)]
public interface IPostingApplier
{
    ValueTask Handle(Posting message, MessageContext context, CancellationToken ct);
}

[JsonSerializable(typeof(Posting))]
public sealed partial class LedgerJson : JsonSerializerContext { }
