using System.Collections.Generic;
using System.Linq;
using TypedAmqp.Generators.Diagnostics;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Validation;

/// <summary>
/// Names that point at other entities: dead-letter and alternate exchanges, external declarations, internal
/// exchanges and the default exchange.
/// </summary>
internal static class ReferenceRules
{
    public static void Check(ExchangeModel[] exchanges, QueueModel[] queues, ExternalExchangeModel[] externals, IReadOnlyDictionary<string, string> kinds, List<DiagnosticInfo> diagnostics)
    {
        foreach (QueueModel queue in queues)
        {
            if (queue.DeadLetterExchange is { } dlx && !kinds.ContainsKey(dlx))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndeclaredReferencedExchange, queue.Location, "Queue", queue.Name, "dead letters", dlx));
            }

            CheckDeadLetterCycle(queue, kinds, diagnostics);
            foreach (BindingModel binding in queue.Bindings) CheckNotDefaultExchange(binding, queue.Contract.DisplayName, diagnostics);
        }

        foreach (ExchangeModel exchange in exchanges)
        {
            if (exchange.Arguments.FirstOrDefault(a => a.Name == "alternate-exchange") is { Kind: ArgumentValueKind.String } alternate && !kinds.ContainsKey(alternate.Text))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndeclaredReferencedExchange, alternate.Location ?? exchange.Location, "Exchange", exchange.Name, "unroutable messages", alternate.Text));
            }

            if (exchange.Internal)
            {
                foreach (PublisherMethodModel method in exchange.Methods)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PublishToInternalExchange, method.Location, $"{exchange.Contract.DisplayName}.{method.Name}", exchange.Name));
                }
            }

            foreach (BindingModel binding in exchange.SourceBindings) CheckNotDefaultExchange(binding, exchange.Contract.DisplayName, diagnostics);
        }

        var seenExternal = new Dictionary<string, ExternalExchangeModel>(System.StringComparer.Ordinal);
        foreach (ExternalExchangeModel external in externals)
        {
            if (seenExternal.TryGetValue(external.Name, out ExternalExchangeModel? earlier) && earlier.Kind != external.Kind)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ExternalExchangeConflict, external.Location, external.Name, external.Kind, $"also marked external as {earlier.Kind}"));
            }

            seenExternal[external.Name] = external;
            if (exchanges.FirstOrDefault(e => e.Name == external.Name && e.Kind != external.Kind) is { } local)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ExternalExchangeConflict, external.Location, external.Name, external.Kind, $"{local.Contract.DisplayName} declares it as {local.Kind}"));
            }
        }
    }

    private static void CheckNotDefaultExchange(BindingModel binding, string owner, List<DiagnosticInfo> diagnostics)
    {
        // By type, an empty name is the exchange contract's own TAMQP008; by name it is the default exchange.
        if (binding.ExchangeName.Length == 0 && !binding.BoundByType) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BindingToDefaultExchange, binding.Location, owner));
    }

    /// <summary>
    /// A message dead-lettered into an exchange this queue is bound to, with a key its binding matches, comes back
    /// to this queue; RabbitMQ detects the cycle and drops it.
    /// </summary>
    private static void CheckDeadLetterCycle(QueueModel queue, IReadOnlyDictionary<string, string> kinds, List<DiagnosticInfo> diagnostics)
    {
        if (queue.DeadLetterExchange is not { } dlx || queue.DeadLetterRoutingKey is not { } key) return;
        if (!kinds.TryGetValue(dlx, out string? kind)) return;
        var literal = new[] { new RoutingKeySegment(key, PlaceholderFormat.None) };
        bool cycles = queue.Bindings.Any(b => b.ExchangeName == dlx && kind switch
        {
            "fanout" => true,
            "direct" => TopicMatcher.DirectCanMatch(b.RoutingKey, literal),
            "topic" => TopicMatcher.TopicCanMatch(b.RoutingKey, literal),
            _ => false,
        }) || dlx.Length == 0 && key == queue.Name && queue.Name.Length > 0;
        if (cycles) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DeadLetterCycle, queue.Location, queue.Name, dlx, key));
    }
}
