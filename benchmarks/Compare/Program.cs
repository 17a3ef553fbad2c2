using System.Diagnostics;
using TypedAmqp;
using TypedAmqp.Amqp091;
using TypedAmqp.Compare;

// Runs TypedAmqp and RabbitMQ.Client alternately against the same broker, several rounds after a warm-up, and
// writes docs/benchmarks.md (table + SVG chart) and docs/benchmarks.json; with --amqp10, TypedAmqp's AMQP 1.0 client
// and AMQPNetLite against a RabbitMQ 4 node instead (docs/benchmarks-amqp10.md).
//   dotnet run -c Release --project benchmarks/Compare -- [--amqp10] [--rounds 5] [--messages 50000] [--output docs]
string uri = Environment.GetEnvironmentVariable("TYPEDAMQP_TEST_URI") ?? "amqp://guest:guest@127.0.0.1:5672/";
int rounds = Argument("--rounds", 5);
int messages = Argument("--messages", 50_000);
string output = ArgumentText("--output", "docs");
string only = ArgumentText("--only", ""); // run only the scenarios whose name contains this, e.g. for profiling
string clientFilter = ArgumentText("--client", ""); // run only the clients whose name starts with this, e.g. for profiling
bool showThreads = args.Contains("--threads"); // print each step's context switches per message by thread name
byte[] body = new byte[256];
Random.Shared.NextBytes(body);
if (args.Contains("--amqp10"))
{
    // The AMQP 1.0 comparison runs against a RabbitMQ 4 node (its own URI), with AMQPNetLite as the peer library.
    string amqp10Uri = Environment.GetEnvironmentVariable("TYPEDAMQP_AMQP10_URI") ?? "amqp://guest:guest@127.0.0.1:5692/";
    await TypedAmqp.Compare.Amqp10.Amqp10Comparison.RunAsync(amqp10Uri, rounds, messages, output, only, clientFilter, showThreads, body);
    return;
}

CpuMeter.MeasureBrokerOn(new Uri(uri).Port);

await using AmqpConnection admin = await AmqpConnection.ConnectAsync(uri);
await using AmqpChannel adminChannel = await admin.OpenChannelAsync();
const string queue = "typedamqp.compare";
await adminChannel.QueueDeclareAsync(queue, durable: false, autoDelete: false);
await adminChannel.QueuePurgeAsync(queue);

IClientUnderTest[] clients =
[
    await RabbitMqClient.ConnectAsync(uri, body),
    await TypedAmqpClient.ConnectAsync(uri, body, handlersOnOwnThread: false),
    await TypedAmqpClient.ConnectAsync(uri, body, handlersOnOwnThread: true),
];
clients = [.. clients.Where(c => c.Name.StartsWith(clientFilter, StringComparison.Ordinal))];
var scenarios = new (string Name, Func<IClientUnderTest, Task> Prepare, Func<IClientUnderTest, Task> Run)[]
{
    ("publish, no confirms", _ => Task.CompletedTask, client => client.PublishAsync(queue, messages)),
    ("publish, confirms (256 in flight)", _ => Task.CompletedTask, client => client.PublishConfirmedAsync(queue, messages, 256)),
    ("consume, prefetch 1000, multiple acks", client => client.PublishConfirmedAsync(queue, messages, 1000), client => client.ConsumeAsync(queue, messages, 1000, 100)),
};

Console.WriteLine($"{rounds} rounds of {messages} messages of {body.Length} bytes; broker CPU {(CpuMeter.HasBroker ? "measured" : "not found")}");
double wakeMicroseconds = WakeCost.MeasureMicroseconds();
Console.WriteLine($"one thread wake costs {wakeMicroseconds:F1} µs of CPU on this machine");
var runner = new StepRunner(showThreads);
for (int round = 0; round <= rounds; round++)
{
    foreach ((string name, Func<IClientUnderTest, Task> prepare, Func<IClientUnderTest, Task> run) in scenarios.Where(s => Selected(s.Name)))
    {
        // Alternate which client goes first, so neither always meets a warmer broker.
        foreach (IClientUnderTest client in round % 2 == 0 ? clients : clients.Reverse())
        {
            await adminChannel.QueuePurgeAsync(queue);
            await prepare(client);
            await runner.MeasureAsync(round, name, client.Name, messages, async () => { await run(client); return null; });
        }
    }
}

// Round trips: fewer of them, since each waits for the previous one.
int roundTrips = Math.Max(1000, messages / 10);
for (int round = 0; round <= rounds && Selected("plain round trip"); round++)
{
    foreach (IClientUnderTest client in round % 2 == 0 ? clients : clients.Reverse())
    {
        await adminChannel.QueuePurgeAsync(queue);
        await runner.MeasureAsync(round, "plain round trip (publish, consume, ack)", client.Name, roundTrips, () => client.PlainRoundTripAsync(queue, roundTrips)!);
    }
}

for (int round = 0; round <= rounds && Selected("request/response round trip"); round++)
{
    foreach (IClientUnderTest client in round % 2 == 0 ? clients : clients.Reverse())
    {
        await adminChannel.QueuePurgeAsync(queue);
        await runner.MeasureAsync(round, "request/response round trip", client.Name, roundTrips, () => client.RequestResponseAsync(queue, roundTrips)!);
    }
}

// Typed scenarios: a small record as JSON, through TypedAmqp's generated code and through MassTransit.
ITypedClientUnderTest[] typedClients =
[
    await TypedAmqpTypedClient.ConnectAsync(uri, handlersOnOwnThread: false),
    await MassTransitTypedClient.ConnectAsync(uri),
    await TypedAmqpTypedClient.ConnectAsync(uri, handlersOnOwnThread: true),
];
typedClients = [.. typedClients.Where(c => c.Name.StartsWith(clientFilter, StringComparison.Ordinal))];
for (int round = 0; round <= rounds; round++)
{
    foreach ((string name, Func<ITypedClientUnderTest, Task> prepare, Func<ITypedClientUnderTest, Task> run) in new (string, Func<ITypedClientUnderTest, Task>, Func<ITypedClientUnderTest, Task>)[]
    {
        ("typed publish, confirms (256 in flight)", _ => Task.CompletedTask, client => client.PublishConfirmedAsync(messages, 256)),
        ("typed consume, prefetch 1000", client => client.PublishConfirmedAsync(messages, 1000), client => client.ConsumeAsync(messages)),
    }.Where(s => Selected(s.Item1)))
    {
        foreach (ITypedClientUnderTest client in round % 2 == 0 ? typedClients : typedClients.Reverse())
        {
            await adminChannel.QueuePurgeAsync(client.Queue);
            await prepare(client);
            await runner.MeasureAsync(round, name, client.Name, messages, async () => { await run(client); return null; });
        }
    }

    foreach (ITypedClientUnderTest client in (round % 2 == 0 ? typedClients : typedClients.Reverse()).Where(_ => Selected("typed request/response round trip")))
    {
        await runner.MeasureAsync(round, "typed request/response round trip", client.Name, roundTrips, () => client.RequestResponseAsync(roundTrips)!);
    }
}

// What a message's property block costs the broker at 64 bytes and just past them (see PropertyBlockProbe).
TypedAmqpClient[] probes =
[
    await PropertyBlockProbe.ConnectAsync(uri, body, blockSize: 64),
    await PropertyBlockProbe.ConnectAsync(uri, body, blockSize: 65),
];
for (int round = 0; round <= rounds && Selected(Report.PropertyBlockScenario); round++)
{
    foreach (TypedAmqpClient probe in round % 2 == 0 ? probes : probes.Reverse())
    {
        await adminChannel.QueuePurgeAsync(queue);
        await runner.MeasureAsync(round, Report.PropertyBlockScenario + ", publish", probe.Name, messages, async () => { await probe.PublishConfirmedAsync(queue, messages, 256); return null; });
        await runner.MeasureAsync(round, Report.PropertyBlockScenario + ", consume", probe.Name, messages, async () => { await probe.ConsumeAsync(queue, messages, 1000, 100); return null; });
    }
}

foreach (TypedAmqpClient probe in probes) await probe.DisposeAsync();
foreach (ITypedClientUnderTest client in typedClients) await client.DisposeAsync();
await adminChannel.QueueDeleteAsync(queue);
foreach (IClientUnderTest client in clients) await client.DisposeAsync();
if (only.Length > 0 || clientFilter.Length > 0)
{
    Console.WriteLine("--only or --client given: a partial run, docs not written");
    return;
}

Report.Write(output, runner.Results, rounds, messages, body.Length, wakeMicroseconds);
Console.WriteLine($"wrote {Path.Combine(output, "benchmarks.md")}, benchmarks.json and benchmarks.svg");

bool Selected(string scenario) => scenario.Contains(only, StringComparison.Ordinal);

int Argument(string name, int fallback)
{
    int index = Array.LastIndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}

// The last occurrence wins, so arguments given to eng/compare.sh override its defaults.
string ArgumentText(string name, string fallback)
{
    int index = Array.LastIndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}

