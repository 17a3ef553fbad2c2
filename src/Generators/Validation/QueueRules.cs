using System.Collections.Generic;
using System.Linq;
using TypedAmqp.Generators.Diagnostics;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Validation;

/// <summary>Queue settings RabbitMQ refuses on declare, or accepts and then loses messages with, for the targeted version.</summary>
internal static class QueueRules
{
    public static void Check(QueueModel queue, BrokerTarget broker, List<DiagnosticInfo> diagnostics)
    {
        void Problem(string text) => diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidQueueSettings, queue.Location, queue.Name, text));

        if (queue.Kind is "quorum" or "stream")
        {
            string kind = queue.Kind;
            if (queue.Exclusive) Problem($"{kind} queues cannot be exclusive");
            if (queue.AutoDelete) Problem($"{kind} queues cannot be auto-delete");
            if (!queue.Durable) Problem($"{kind} queues are always durable; remove Durable = false");
            if (queue.Name.Length == 0) Problem($"{kind} queues cannot be server-named");
        }

        if (queue.IsServerNamed && queue.Kind == "classic" && !queue.Exclusive && !queue.AutoDelete)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LeakingServerNamedQueue, queue.Location, queue.Contract.DisplayName));
        }

        if (queue.DeadLetterRoutingKey is not null && queue.DeadLetterExchange is null) Problem("DeadLetterRoutingKey is set without DeadLetterExchange");
        if (queue.Overflow == "reject-publish-dlx" && queue.DeadLetterExchange is null) Problem("Overflow RejectPublishDeadLetter needs a DeadLetterExchange");
        if (queue.DeliveryLimit < -1 || queue.DeliveryLimit == -1 && !broker.IsAtLeast4)
        {
            Problem(broker.IsAtLeast4 ? $"DeliveryLimit {queue.DeliveryLimit} is negative; -1 means no limit" : $"DeliveryLimit {queue.DeliveryLimit} is negative (-1 for no limit needs RabbitMQ 4.0)");
        }

        if (queue.MessageTtl < -1) Problem($"MessageTtl {queue.MessageTtl} is negative");
        if (queue.Expires == 0 || queue.Expires < -1) Problem($"Expires {queue.Expires} must be a positive number of milliseconds");
        if (queue.MaxLength < -1) Problem($"MaxLength {queue.MaxLength} is negative");
        if (queue.MaxLengthBytes < -1) Problem($"MaxLengthBytes {queue.MaxLengthBytes} is negative");
        if (queue.MaxPriority is < 0 or > 255) Problem($"MaxPriority {queue.MaxPriority} is outside 1–255");

        List<ArgumentModel> arguments = QueueArguments.Of(queue).ToList();
        foreach (ArgumentModel argument in arguments)
        {
            if (argument.Name == "x-queue-type")
            {
                if (argument.IsFreeForm && !arguments.Any(a => a.Name == "x-queue-type" && !a.IsFreeForm))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.InvalidQueueSettings, argument.Location ?? queue.Location, queue.Name,
                        $"the queue type is QueueKind's to set (here {queue.Kind}), not [Argument(\"x-queue-type\")], which would bypass the checks of that type"));
                }

                continue;
            }

            string? refusal = Unsupported(queue.Kind, argument.Name, broker);
            if (refusal is null) continue;
            string setting = argument.IsFreeForm ? $"[Argument(\"{argument.Name}\")]" : argument.Source;
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.InvalidQueueSettings, argument.Location ?? queue.Location, queue.Name, $"{queue.Kind} queues {refusal} ({setting})"));
        }

        ArgumentRules.Check("queue", queue.Name, queue.Location, arguments, diagnostics);
        if (broker.IsAtLeast4 && queue.Kind == "classic" && !queue.Durable && !queue.Exclusive)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TransientQueueDeprecated, queue.Location, queue.Name, broker.Name));
        }

        if (broker.IsAtLeast4 && queue.Kind == "quorum" && queue.DeadLetterExchange is null && !arguments.Any(a => a.Name is "x-delivery-limit" or "x-dead-letter-exchange"))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.QuorumQueueDropsRedeliveries, queue.Location, queue.Name, broker.Name));
        }

        if (broker.IsAtLeast4 && arguments.FirstOrDefault(a => a.Name == "x-queue-mode") is { } mode)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.IgnoredArgument, mode.Location ?? queue.Location, "x-queue-mode", queue.Name, broker.Name, "classic queues store messages on disk as lazy queues did since 3.12; remove it"));
        }
    }

    /// <summary>Why a queue type refuses an argument on declare (PRECONDITION_FAILED), or null when it takes it.</summary>
    private static string? Unsupported(string kind, string argument, BrokerTarget broker) => kind switch
    {
        "classic" when argument == "x-delivery-limit" => "have no delivery limit (only quorum queues count deliveries)",
        "quorum" when argument == "x-max-priority" && !broker.IsAtLeast4 => "do not support priorities before RabbitMQ 4.0",
        "stream" when argument is "x-max-length" => "do not take x-max-length; limit them with MaxLengthBytes or x-max-age",
        "stream" when argument is "x-message-ttl" => "do not expire messages; use retention (x-max-age)",
        "stream" when argument is "x-expires" or "x-overflow" or "x-max-priority" or "x-delivery-limit" => "do not support " + argument,
        "stream" when argument is "x-dead-letter-exchange" or "x-dead-letter-routing-key" => "do not dead-letter",
        "stream" when argument == "x-single-active-consumer" && !broker.IsAtLeast4 => "do not take x-single-active-consumer on declare before RabbitMQ 4.0",
        _ => null,
    };
}
