using System.Collections.Generic;
using System.Linq;
using TypedAmqp.Generators.Diagnostics;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Validation;

/// <summary>Everything that goes on the wire as text must have a UTF-8 form: a lone UTF-16 surrogate has none.</summary>
internal static class Utf8Rules
{
    public static void Check(ExchangeModel[] exchanges, QueueModel[] queues, List<DiagnosticInfo> diagnostics)
    {
        void Check(string what, string text, LocationInfo? location)
        {
            if (LoneSurrogate(text) is int position)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotValidUtf8, location, what, text, position.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        foreach (ExchangeModel exchange in exchanges)
        {
            Check("Exchange name", exchange.Name, exchange.Location);
            foreach (PublisherMethodModel method in exchange.Methods) Check("Routing key", method.RoutingKeyTemplate, method.RoutingKeyLocation);
            foreach (BindingModel binding in exchange.SourceBindings) Check("Binding key", binding.RoutingKey, binding.Location);
        }

        foreach (QueueModel queue in queues)
        {
            Check("Queue name", queue.Name, queue.Location);
            foreach (BindingModel binding in queue.Bindings) Check("Binding key", binding.RoutingKey, binding.Location);
        }

        IEnumerable<MessageTypeModel> messages = exchanges.SelectMany(e => e.Methods.SelectMany(m => m.Messages))
            .Concat(queues.Where(q => q.Consumer is not null).SelectMany(q => q.Consumer!.Handlers.SelectMany(h => h.Messages)))
            .GroupBy(m => m.FullName).Select(g => g.First());
        foreach (MessageTypeModel message in messages) Check("Message-type name", message.WireName, message.Location);
    }

    /// <summary>The index of the first surrogate without its partner, or null.</summary>
    private static int? LoneSurrogate(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(text[i])) return i;
        }

        return null;
    }
}
