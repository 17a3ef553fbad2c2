using System.Collections.Generic;
using TypedAmqp.Generators.Diagnostics;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Validation;

/// <summary>Consumer settings that the broker refuses, or that cannot do what they say, given the queue they read.</summary>
internal static class ConsumerRules
{
    public static void Check(QueueModel queue, List<DiagnosticInfo> diagnostics)
    {
        if (queue.Consumer is not { } consumer) return;
        string contract = queue.Contract.DisplayName;
        if (queue.Kind == "stream" && consumer.Prefetch == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StreamConsumerNeedsPrefetch, consumer.Location, contract, queue.Name));
        }

        if (consumer.MaxDeliveryCount > 0 && queue.Kind != "quorum")
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.DeliveryCountNeedsQuorum, consumer.Location, contract, consumer.MaxDeliveryCount.ToString(System.Globalization.CultureInfo.InvariantCulture), queue.Kind, queue.Name));
        }

        if (consumer.Prefetch > 0 && consumer.Concurrency > consumer.Prefetch)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.ConcurrencyAbovePrefetch, consumer.Location, contract,
                consumer.Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture), consumer.Prefetch.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
