using System.Text;
using TypedAmqp.Observability;

namespace TypedAmqp.Messaging;

/// <summary>
/// The low-cardinality destination (<c>messaging.destination.template</c>) of the messages a generated dispatcher
/// takes from one exchange: <c>{exchange}:{routing-key template}:{queue}</c>, with the template of the contract
/// method that publishes the message type there. Only the generator can know it; it creates one per handled message
/// type when exactly one publisher method of the compilation sends that type to an exchange the queue is bound to.
/// </summary>
/// <remarks>Public for the code TypedAmqp's generator emits; not meant to be used directly.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class DestinationTemplate
{
    /// <summary>Composes the template once, when the dispatcher's static fields are initialized.</summary>
    /// <param name="exchange">The exchange the publisher method sends to.</param>
    /// <param name="routingKeyTemplate">That method's routing-key template, such as "order.placed.{Region}".</param>
    /// <param name="queue">The dispatcher's queue.</param>
    public DestinationTemplate(string exchange, string routingKeyTemplate, string queue)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(routingKeyTemplate);
        ArgumentNullException.ThrowIfNull(queue);
        ExchangeUtf8 = Encoding.UTF8.GetBytes(exchange);
        Template = RabbitMqDestination.OfDelivery(exchange, routingKeyTemplate, queue);
    }

    /// <summary>The template, such as "orders:order.placed.{Region}:fulfilment".</summary>
    public string Template { get; }

    /// <summary>
    /// The exchange the template is for: a message that came through another one (a dead-letter or
    /// exchange-to-exchange route) has no template.
    /// </summary>
    internal byte[] ExchangeUtf8 { get; }

    /// <summary>Whether <paramref name="received"/> came through the template's exchange.</summary>
    internal bool Describes(ReceivedMessage received) => received.ExchangeUtf8.SequenceEqual(ExchangeUtf8);
}
