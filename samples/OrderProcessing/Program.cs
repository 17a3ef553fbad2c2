using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using OrderProcessing;
using TypedAmqp;
using TypedAmqp.Generated;
using TypedAmqp.Hosting;
using TypedAmqp.Observability;

// A worker service as it would run in production: configuration-bound connection, topology declared at start-up,
// hosted consumers with retries and dead-lettering, a request/response call, and OpenTelemetry console export.
// It places a few orders, asks for a quote, waits until everything settled, prints a summary and stops.
// With --topology it prints its topology instead, as a Mermaid diagram and as RabbitMQ definitions (docs/topology.md).
if (args.Contains("--topology"))
{
    Console.WriteLine(MessagingTopology.Diagram);
    Console.WriteLine(TypedAmqp.Messaging.RabbitMqDefinitions.Write(MessagingTopology.Description));
    return;
}

HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:amqp"] = Environment.GetEnvironmentVariable("TYPEDAMQP_URI") ?? "amqp://guest:guest@127.0.0.1:5672/",
    ["TypedAmqp:ClientName"] = "order-processing-sample",
});
builder.Logging.AddFilter("TypedAmqp", LogLevel.Warning);

builder.Services.AddSingleton<Progress>();
builder.Services.AddTypedAmqp(builder.Configuration)
    .AddGeneratedContracts()
    .AddFulfilment<Fulfilment>()
    .AddPricingService<PricingService>();
builder.Services.AddOpenTelemetry()
    .WithTracing(tracing => tracing.AddSource(TypedAmqpTelemetry.Name).AddConsoleExporter())
    .WithMetrics(metrics => metrics.AddMeter(TypedAmqpTelemetry.Name).AddConsoleExporter());

using IHost host = builder.Build();
await host.StartAsync();

Progress progress = host.Services.GetRequiredService<Progress>();
IOrderEvents orders = host.Services.GetRequiredService<IOrderEvents>();
IPricing pricing = host.Services.GetRequiredService<IPricing>();

OrderPlaced[] placed =
[
    new(Guid.NewGuid(), "eu", "BOOK-1", 2),
    new(Guid.NewGuid(), "us", "LAMP-7", 1),
    new(Guid.NewGuid(), "apac", "DESK-3", 4),
    new(Guid.NewGuid(), "eu", "BROKEN", 1),
];
progress.Expected = placed.Count(o => o.Sku != "BROKEN");
foreach (OrderPlaced order in placed)
{
    await orders.OrderPlaced(order);
    Console.WriteLine($"placed order {order.OrderId} ({order.Sku}, {order.Region}), confirmed by the broker");
}

Quote quote = await pricing.GetQuote(new QuoteRequest("BOOK-1", 3));
Console.WriteLine($"quote: {quote.Quantity} x {quote.Sku} = {quote.Total}");

await progress.AllFulfilled.Task.WaitAsync(TimeSpan.FromSeconds(30));
await Task.Delay(500); // let the failing order run out of retries
Console.WriteLine($"summary: {progress.Fulfilled} orders fulfilled, {progress.FailedAttempts} failed attempts for the broken order (1 try + 3 retries, then dead-lettered)");
await host.StopAsync();
