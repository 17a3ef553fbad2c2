using System.Collections.Concurrent;
using TypedAmqp.Generated;
using TypedAmqp.Hosting;
using WebApi;

// POST /tickets publishes a TicketOpened through the injected ITickets; the triage consumer in the same process
// marks it triaged; GET /tickets/{id} shows where it is. Connection string: ConnectionStrings:amqp or TYPEDAMQP_URI.
WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
builder.Configuration["ConnectionStrings:amqp"] ??= Environment.GetEnvironmentVariable("TYPEDAMQP_URI") ?? "amqp://guest:guest@127.0.0.1:5672/";
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, WebApiJson.Default));
builder.Services.AddSingleton<TicketBoard>();
builder.Services.AddTypedAmqp(builder.Configuration)
    .AddGeneratedContracts()
    .AddTriage<Triage>();

WebApplication app = builder.Build();

app.MapPost("/tickets", async (string title, ITickets tickets, TicketBoard board, CancellationToken cancellationToken) =>
{
    var ticket = new TicketOpened(Guid.NewGuid(), title);
    board.Opened(ticket);
    await tickets.Opened(ticket, cancellationToken); // completes once the broker confirmed it
    return Results.Accepted($"/tickets/{ticket.Id}", board.Get(ticket.Id));
});
app.MapGet("/tickets/{id:guid}", (Guid id, TicketBoard board) => board.Get(id) is { } ticket ? Results.Ok(ticket) : Results.NotFound());

app.Run();

namespace WebApi
{
    /// <summary>A ticket as the API shows it.</summary>
    public sealed record Ticket(Guid Id, string Title, string State);

    /// <summary>The tickets this process has seen, in memory.</summary>
    public sealed class TicketBoard
    {
        private readonly ConcurrentDictionary<Guid, Ticket> _tickets = new();

        public void Opened(TicketOpened ticket) => _tickets[ticket.Id] = new Ticket(ticket.Id, ticket.Title, "opened");

        public void Triaged(TicketOpened ticket) => _tickets[ticket.Id] = new Ticket(ticket.Id, ticket.Title, "triaged");

        public Ticket? Get(Guid id) => _tickets.TryGetValue(id, out Ticket? ticket) ? ticket : null;
    }

    /// <summary>The consumer: resolved per message from a DI scope.</summary>
    public sealed class Triage(TicketBoard board) : ITriage
    {
        public ValueTask Handle(TicketOpened ticket, CancellationToken cancellationToken)
        {
            board.Triaged(ticket);
            return ValueTask.CompletedTask;
        }
    }
}
