using Quickstart;
using TypedAmqp;
using TypedAmqp.Amqp091;
using TypedAmqp.Generated;
using TypedAmqp.Messaging;

// The shortest useful TypedAmqp program: contracts in Contracts.cs, generated publisher and consumer here.
string uri = Environment.GetEnvironmentVariable("TYPEDAMQP_URI") ?? "amqp://guest:guest@127.0.0.1:5672/";
Greeting[] greetings = [new("en", "Hello"), new("fr", "Bonjour"), new("de", "Hallo")];

await using AmqpConnection connection = await AmqpConnection.ConnectAsync(uri);
await using var messaging = new AmqpMessaging(connection);
await messaging.DeclareAsync(MessagingTopology.Description);

var printer = new GreetingPrinter(greetings.Length);
await using IMessageSubscription consumer = await messaging.StartGreetingHandlerAsync(printer);

IGreetings publisher = messaging.CreateGreetingsPublisher();
foreach (Greeting greeting in greetings)
{
    await publisher.Send(greeting);
    Console.WriteLine($"sent: {greeting.Text} ({greeting.Language}), confirmed by the broker");
}

await printer.AllReceived.WaitAsync(TimeSpan.FromSeconds(30));
Console.WriteLine($"done: {greetings.Length} greetings round-tripped through {connection.Endpoint}");

internal sealed class GreetingPrinter(int expected) : IGreetingHandler
{
    private readonly TaskCompletionSource _allReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _received;

    public Task AllReceived => _allReceived.Task;

    public ValueTask Handle(Greeting greeting, MessageContext context, CancellationToken cancellationToken)
    {
        Console.WriteLine($"received: {greeting.Text} ({greeting.Language}) via routing key {context.RoutingKey}, type {context.MessageType}");
        if (Interlocked.Increment(ref _received) == expected) _allReceived.TrySetResult();
        return ValueTask.CompletedTask;
    }
}
