using TypedAmqp.Amqp091;

namespace TypedAmqp.Compare.Amqp10;

/// <summary>
/// The AMQP 1.0 comparison (<c>--amqp10</c>): TypedAmqp's 1.0 client and AMQPNetLite, alternately in this process,
/// against the same RabbitMQ 4 node's native AMQP 1.0; writes docs/benchmarks-amqp10.md and .json.
/// </summary>
internal static class Amqp10Comparison
{
    /// <summary>A step that takes longer has stalled: it fails rather than hangs the run.</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(2);

    private const string Queue = "typedamqp.compare.amqp10";
    private const string Replies = "typedamqp.compare.amqp10.replies";

    public static async Task RunAsync(string uri, int rounds, int messages, string output, string only, string clientFilter, bool showThreads, byte[] body)
    {
        var broker = new Uri(uri);
        CpuMeter.MeasureBrokerOn(broker.Port);
        await using AmqpConnection admin = await AmqpConnection.ConnectAsync(uri); // queues are declared and counted over 0-9-1
        await using AmqpChannel channel = await admin.OpenChannelAsync();
        foreach (string queue in new[] { Queue, Replies })
        {
            await channel.QueueDeclareAsync(queue, durable: false, autoDelete: false);
            await channel.QueuePurgeAsync(queue);
        }

        IAmqp10ClientUnderTest[] clients =
        [
            await AmqpNetLiteClient.ConnectAsync(broker.Host, broker.Port, body),
            await TypedAmqp10Client.ConnectAsync(broker.Host, broker.Port, body),
        ];
        clients = [.. clients.Where(c => c.Name.StartsWith(clientFilter, StringComparison.Ordinal))];
        string address = $"/queues/{Queue}";
        string replies = $"/queues/{Replies}";
        var scenarios = new (string Name, Func<IAmqp10ClientUnderTest, Task> Prepare, Func<IAmqp10ClientUnderTest, Task> Run)[]
        {
            // Settled sends end when the broker has them all: the queue's depth is the one finish line both clients share.
            ("send, settled", _ => Task.CompletedTask, async client => { await client.SendSettledAsync(address, messages); await WaitForDepthAsync(channel, messages); }),
            ("send, unsettled (256 in flight)", _ => Task.CompletedTask, client => client.SendUnsettledAsync(address, messages, 256)),
            ("receive, credit 1000", client => client.SendUnsettledAsync(address, messages, 1000), client => client.ReceiveAsync(address, messages, 1000)),
        };

        var runner = new StepRunner(showThreads);
        int roundTrips = Math.Max(1000, messages / 10);
        Console.WriteLine($"AMQP 1.0 against {broker.Host}:{broker.Port}: {rounds} rounds of {messages} messages of {body.Length} bytes, {roundTrips} round trips; broker CPU {(CpuMeter.HasBroker ? "measured" : "not found")}");
        for (int round = 0; round <= rounds; round++)
        {
            foreach ((string name, Func<IAmqp10ClientUnderTest, Task> prepare, Func<IAmqp10ClientUnderTest, Task> run) in scenarios.Where(s => s.Name.Contains(only, StringComparison.Ordinal)))
            {
                foreach (IAmqp10ClientUnderTest client in round % 2 == 0 ? clients : clients.Reverse())
                {
                    await channel.QueuePurgeAsync(Queue);
                    await prepare(client);
                    await runner.MeasureAsync(round, name, client.Name, messages, async () => { await run(client).WaitAsync(StepTimeout); return null; });
                }
            }

            foreach (IAmqp10ClientUnderTest client in (round % 2 == 0 ? clients : clients.Reverse()).Where(_ => "request/response round trip".Contains(only, StringComparison.Ordinal)))
            {
                await channel.QueuePurgeAsync(Queue);
                await channel.QueuePurgeAsync(Replies);
                await runner.MeasureAsync(round, "request/response round trip", client.Name, roundTrips, async () => await client.RequestResponseAsync(address, replies, roundTrips).WaitAsync(StepTimeout));
            }
        }

        foreach (IAmqp10ClientUnderTest client in clients) await client.DisposeAsync();
        await channel.QueueDeleteAsync(Queue);
        await channel.QueueDeleteAsync(Replies);
        if (only.Length > 0 || clientFilter.Length > 0)
        {
            Console.WriteLine("--only or --client given: a partial run, docs not written");
            return;
        }

        Amqp10Report.Write(output, runner.Results, rounds, messages, body.Length);
        Console.WriteLine($"wrote {Path.Combine(output, "benchmarks-amqp10.md")} and benchmarks-amqp10.json");
    }

    private static async Task WaitForDepthAsync(AmqpChannel channel, int depth)
    {
        using var timeout = new CancellationTokenSource(StepTimeout);
        while ((await channel.QueueDeclarePassiveAsync(Queue, timeout.Token)).MessageCount < depth) await Task.Delay(1, timeout.Token);
    }
}
