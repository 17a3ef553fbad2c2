using System.Collections.Generic;
using System.Linq;
using System.Text;
using TypedAmqp.Generators.Diagnostics;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Validation;

/// <summary>Rules about the messages themselves: their wire names, and requests and replies that must agree.</summary>
internal static class MessageRules
{
    public static void Check(ExchangeModel[] exchanges, QueueModel[] queues, List<DiagnosticInfo> diagnostics)
    {
        PublisherMethodModel[] methods = exchanges.SelectMany(e => e.Methods).ToArray();
        HandlerModel[] handlers = queues.Where(q => q.Consumer is not null).SelectMany(q => q.Consumer!.Handlers).ToArray();
        MessageTypeModel[] messages = methods.SelectMany(m => m.Messages).Concat(handlers.SelectMany(h => h.Messages))
            .GroupBy(m => m.FullName).Select(g => g.First()).OrderBy(m => m.FullName, System.StringComparer.Ordinal).ToArray();

        foreach (MessageTypeModel message in messages)
        {
            int bytes = Encoding.UTF8.GetByteCount(message.WireName);
            string? problem = bytes == 0 ? "it is empty, so consumers could not tell messages apart" : bytes > 255 ? $"it is {bytes} UTF-8 bytes; the AMQP type property holds at most 255" : null;
            if (problem is not null) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidMessageTypeName, message.Location, message.DisplayName, message.WireName, problem));
        }

        foreach (IGrouping<string, MessageTypeModel> group in messages.GroupBy(m => m.WireName))
        {
            MessageTypeModel[] distinct = group.ToArray();
            if (distinct.Length > 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateWireName, distinct[1].Location, distinct[0].FullName, distinct[1].FullName, group.Key));
            }
        }

        foreach (ExchangeModel exchange in exchanges)
        {
            foreach (PublisherMethodModel method in exchange.Methods.Where(m => m.Response is null && m.ReplyTimeoutLocation is not null))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.InvalidReplyTimeout, method.ReplyTimeoutLocation, method.ReplyTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"{exchange.Contract.DisplayName}.{method.Name}, which is not a request (it returns no response), so it has no effect"));
            }

            foreach (PublisherMethodModel method in exchange.Methods.Where(m => m.Response is not null))
            {
                string owner = $"{exchange.Contract.DisplayName}.{method.Name}";
                if (method.ReplyTimeoutMs <= 0)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.InvalidReplyTimeout, method.ReplyTimeoutLocation ?? method.Location, method.ReplyTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        owner + ": the timeout is in milliseconds and must be positive"));
                }

                // Only responders this exchange can reach: the same message may also travel as a plain event elsewhere.
                foreach (QueueModel queue in queues.Where(q => q.Consumer is not null && q.Bindings.Any(b => b.ExchangeName == exchange.Name)))
                {
                    foreach (HandlerModel handler in queue.Consumer!.Handlers.Where(h => h.Message.FullName == method.Message.FullName))
                    {
                        string? disagreement = handler.Response is null ? "answers nothing (its handler returns no response)"
                            : handler.Response.FullName != method.Response!.FullName ? $"answers {handler.Response.DisplayName}"
                            : null;
                        if (disagreement is null) continue;
                        diagnostics.Add(DiagnosticInfo.Create(
                            DiagnosticDescriptors.ResponseTypeMismatch, handler.Location, owner, method.Message.DisplayName, method.Response!.DisplayName,
                            $"{queue.Contract.DisplayName}.{handler.Name}", disagreement));
                    }
                }
            }
        }
    }
}
