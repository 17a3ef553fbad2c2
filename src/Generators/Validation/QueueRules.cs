using System.Collections.Generic;
using System.Globalization;
using TypedAmqp.Generators.Diagnostics;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Validation;

/// <summary>Queue settings RabbitMQ refuses, and the x-arguments a queue's settings turn into.</summary>
internal static class QueueRules
{
    public static void Check(QueueModel queue, List<DiagnosticInfo> diagnostics)
    {
        void Problem(string text) => diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidQueueSettings, queue.Location, queue.Name, text));

        if (queue.Kind is "quorum" or "stream")
        {
            string kind = queue.Kind;
            if (queue.Exclusive) Problem($"{kind} queues cannot be exclusive");
            if (queue.AutoDelete) Problem($"{kind} queues cannot be auto-delete");
            if (!queue.Durable) Problem($"{kind} queues are always durable; remove Durable = false");
            if (queue.MaxPriority != 0) Problem($"{kind} queues do not support priorities (MaxPriority)");
            if (queue.Name.Length == 0) Problem($"{kind} queues cannot be server-named");
        }

        if (queue.Kind == "stream")
        {
            if (queue.DeadLetterExchange is not null) Problem("stream queues do not dead-letter");
            if (queue.MessageTtl >= 0) Problem("stream queues do not support MessageTtl; use retention (x-max-age)");
            if (queue.DeliveryLimit != 0) Problem("stream queues have no delivery limit");
        }

        if (queue.DeliveryLimit != 0 && queue.Kind != "quorum") Problem("DeliveryLimit only applies to quorum queues");
        if (queue.DeliveryLimit < 0) Problem($"DeliveryLimit {queue.DeliveryLimit} is negative");
        if (queue.MessageTtl < -1) Problem($"MessageTtl {queue.MessageTtl} is negative");
        if (queue.Expires == 0 || queue.Expires < -1) Problem($"Expires {queue.Expires} must be a positive number of milliseconds");
        if (queue.MaxLength < -1) Problem($"MaxLength {queue.MaxLength} is negative");
        if (queue.MaxLengthBytes < -1) Problem($"MaxLengthBytes {queue.MaxLengthBytes} is negative");
        if (queue.MaxPriority is < 0 or > 255) Problem($"MaxPriority {queue.MaxPriority} is outside 1–255");
        if (queue.DeadLetterRoutingKey is not null && queue.DeadLetterExchange is null) Problem("DeadLetterRoutingKey is set without DeadLetterExchange");
        if (queue.Overflow == "reject-publish-dlx" && queue.DeadLetterExchange is null) Problem("Overflow RejectPublishDeadLetter needs a DeadLetterExchange");
    }

    /// <summary>The declare arguments of a queue, settings first, then free-form ones, in a stable order.</summary>
    public static IEnumerable<ArgumentModel> Arguments(QueueModel queue)
    {
        if (queue.Kind != "classic") yield return new ArgumentModel("x-queue-type", CSharpLiteral.String(queue.Kind));
        if (queue.DeadLetterExchange is { } dlx) yield return new ArgumentModel("x-dead-letter-exchange", CSharpLiteral.String(dlx));
        if (queue.DeadLetterRoutingKey is { } dlrk) yield return new ArgumentModel("x-dead-letter-routing-key", CSharpLiteral.String(dlrk));
        if (queue.MessageTtl >= 0) yield return new ArgumentModel("x-message-ttl", Long(queue.MessageTtl));
        if (queue.Expires > 0) yield return new ArgumentModel("x-expires", Long(queue.Expires));
        if (queue.MaxLength >= 0) yield return new ArgumentModel("x-max-length", Long(queue.MaxLength));
        if (queue.MaxLengthBytes >= 0) yield return new ArgumentModel("x-max-length-bytes", Long(queue.MaxLengthBytes));
        if (queue.Overflow is { } overflow) yield return new ArgumentModel("x-overflow", CSharpLiteral.String(overflow));
        if (queue.MaxPriority > 0) yield return new ArgumentModel("x-max-priority", queue.MaxPriority.ToString(CultureInfo.InvariantCulture));
        if (queue.SingleActiveConsumer) yield return new ArgumentModel("x-single-active-consumer", "true");
        if (queue.DeliveryLimit > 0) yield return new ArgumentModel("x-delivery-limit", queue.DeliveryLimit.ToString(CultureInfo.InvariantCulture));
        foreach (ArgumentModel argument in queue.Arguments) yield return argument;
    }

    private static string Long(long value) => value.ToString(CultureInfo.InvariantCulture) + "L";
}
