using System.Collections.Generic;

namespace TypedAmqp.Generators.Model;

/// <summary>The declare arguments a queue's settings turn into: typed settings first, then [Argument]s, in a stable order.</summary>
internal static class QueueArguments
{
    public static IEnumerable<ArgumentModel> Of(QueueModel queue)
    {
        if (queue.Kind != "classic") yield return ArgumentModel.Setting("x-queue-type", "QueueKind", queue.Kind);
        if (queue.DeadLetterExchange is { } dlx) yield return ArgumentModel.Setting("x-dead-letter-exchange", "DeadLetterExchange", dlx);
        if (queue.DeadLetterRoutingKey is { } dlrk) yield return ArgumentModel.Setting("x-dead-letter-routing-key", "DeadLetterRoutingKey", dlrk);
        if (queue.MessageTtl >= 0) yield return ArgumentModel.Setting("x-message-ttl", "MessageTtl", queue.MessageTtl);
        if (queue.Expires > 0) yield return ArgumentModel.Setting("x-expires", "Expires", queue.Expires);
        if (queue.MaxLength >= 0) yield return ArgumentModel.Setting("x-max-length", "MaxLength", queue.MaxLength);
        if (queue.MaxLengthBytes >= 0) yield return ArgumentModel.Setting("x-max-length-bytes", "MaxLengthBytes", queue.MaxLengthBytes);
        if (queue.Overflow is { } overflow) yield return ArgumentModel.Setting("x-overflow", "Overflow", overflow);
        if (queue.MaxPriority > 0) yield return ArgumentModel.Setting("x-max-priority", "MaxPriority", queue.MaxPriority);
        if (queue.SingleActiveConsumer) yield return ArgumentModel.Setting("x-single-active-consumer", "SingleActiveConsumer", true);
        if (queue.DeliveryLimit != 0) yield return ArgumentModel.Setting("x-delivery-limit", "DeliveryLimit", queue.DeliveryLimit);
        foreach (ArgumentModel argument in queue.Arguments) yield return argument;
    }
}
