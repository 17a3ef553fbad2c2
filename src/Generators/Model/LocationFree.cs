using System.Linq;
using TypedAmqp.Generators.Helpers;

namespace TypedAmqp.Generators.Model;

/// <summary>
/// Copies of the models without source locations, for the emit steps: generated code never mentions a location,
/// so an edit that only moves a contract (a line added above it) leaves the generated files cached.
/// </summary>
internal static class LocationFree
{
    public static ExchangeModel Of(ExchangeModel exchange) => exchange with
    {
        Location = null,
        Arguments = exchange.Arguments.Select(Of).ToEquatableArray(),
        Methods = exchange.Methods.Select(m => m with
        {
            Message = Of(m.Message),
            Response = m.Response is null ? null : Of(m.Response),
            ReplyTimeoutLocation = null,
            RoutingKeyLocation = null,
            Location = null,
        }).ToEquatableArray(),
        SourceBindings = exchange.SourceBindings.Select(Of).ToEquatableArray(),
    };

    public static QueueModel Of(QueueModel queue) => queue with
    {
        Location = null,
        Arguments = queue.Arguments.Select(Of).ToEquatableArray(),
        Bindings = queue.Bindings.Select(Of).ToEquatableArray(),
        Consumer = queue.Consumer is { } consumer ? Of(consumer) : null,
    };

    public static ConsumerModel Of(ConsumerModel consumer) => consumer with
    {
        Location = null,
        Handlers = consumer.Handlers.Select(h => h with { Message = Of(h.Message), Response = h.Response is null ? null : Of(h.Response), Location = null }).ToEquatableArray(),
    };

    private static MessageTypeModel Of(MessageTypeModel message) => message with { Location = null };

    private static BindingModel Of(BindingModel binding) => binding with { Location = null };

    private static ArgumentModel Of(ArgumentModel argument) => argument with { Location = null };
}
