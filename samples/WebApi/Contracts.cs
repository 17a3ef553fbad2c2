using System.Text.Json.Serialization;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(WebApi.WebApiJson))]

namespace WebApi;

/// <summary>A ticket opened through the HTTP API.</summary>
[MessageType("webapi.ticket-opened")]
public sealed record TicketOpened(Guid Id, string Title);

/// <summary>Where the endpoint publishes.</summary>
[Exchange("webapi.tickets", ExchangeKind.Direct)]
public interface ITickets
{
    [RoutingKey("opened")]
    ValueTask Opened(TicketOpened ticket, CancellationToken cancellationToken = default);
}

/// <summary>The consumer running in the same host.</summary>
[Queue("webapi.tickets.triage", QueueKind.Quorum, DeliveryLimit = 5)]
[Binding(typeof(ITickets), "opened")]
[Consumer(Prefetch = 20)]
public interface ITriage
{
    ValueTask Handle(TicketOpened ticket, CancellationToken cancellationToken);
}

[JsonSerializable(typeof(TicketOpened))]
[JsonSerializable(typeof(Ticket))]
public sealed partial class WebApiJson : JsonSerializerContext { }
