using TypedAmqp.Messaging;

namespace TypedAmqp.Integration.Amqp10;

// A small contract run over AMQP 1.0 (Amqp10MessagingTests): the generator knows nothing of the transport, so these
// are ordinary contracts; the tests declare only their part of MessagingTopology, through Amqp10Messaging.

[MessageType("it.amqp10.parcel-sent")]
public sealed record ParcelSent(Guid Id, string Destination, int Weight);

[Exchange("typedamqp.it.amqp10.parcels", ExchangeKind.Topic, Durable = false)]
public interface IParcelFeed
{
    [RoutingKey("parcel.sent.{Destination}")]
    ValueTask Sent(ParcelSent parcel, PublishOptions? options = null, CancellationToken cancellationToken = default);

    // Deliberately unroutable (TAMQP006 is silenced in the project file): RabbitMQ 4 releases it, which must fail the publish.
    [RoutingKey("parcel.nobody-listens")]
    ValueTask Lost(ParcelSent parcel, CancellationToken cancellationToken = default);
}

[Exchange("typedamqp.it.amqp10.parcels.dead", ExchangeKind.Fanout, Durable = false)]
public interface IParcelDeadLetterExchange
{
}

[Queue("typedamqp.it.amqp10.parcels.inbox", Durable = false, DeadLetterExchange = "typedamqp.it.amqp10.parcels.dead", MaxLength = 10000)]
[Binding(typeof(IParcelFeed), "parcel.sent.#")]
[Consumer(Prefetch = 5, Concurrency = 2)]
public interface IParcelInbox
{
    ValueTask Handle(ParcelSent parcel, MessageContext context, CancellationToken cancellationToken);
}

[Queue("typedamqp.it.amqp10.parcels.dead-letters", Durable = false)]
[Binding(typeof(IParcelDeadLetterExchange))]
public interface IParcelDeadLetters
{
}

[MessageType("it.amqp10.parcel-quote")]
public sealed record ParcelQuote(Guid Id, decimal Price);

[Exchange("typedamqp.it.amqp10.parcels.quotes", ExchangeKind.Direct, Durable = false)]
public interface IParcelQuotes
{
    [RoutingKey("quote")]
    [ReplyTimeout(10_000)]
    ValueTask<ParcelQuote> Quote(ParcelSent parcel, CancellationToken cancellationToken = default);
}

[Queue("typedamqp.it.amqp10.parcels.quote-requests", Durable = false)]
[Binding(typeof(IParcelQuotes), "quote")]
[Consumer]
public interface IParcelQuoteService
{
    ValueTask<ParcelQuote> Handle(ParcelSent parcel, CancellationToken cancellationToken);
}
