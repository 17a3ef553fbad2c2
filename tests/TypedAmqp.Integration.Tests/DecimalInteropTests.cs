using System.Diagnostics;
using System.Globalization;
using TypedAmqp.Amqp091;
using Rmq = RabbitMQ.Client;

namespace TypedAmqp.Integration;

/// <summary>
/// Negative decimal (<c>D</c>) header values against real peers through RabbitMQ, which passes the 32 value bits
/// through unchanged. TypedAmqp writes and reads them as two's complement, like pika, so the two agree; RabbitMQ.Client
/// 7 uses sign-and-magnitude, so a negative decimal crossing between it and TypedAmqp changes value (pinned down here).
/// Positive decimals agree with every peer.
/// </summary>
public sealed class DecimalInteropTests
{
    private const string Python = "/usr/bin/python3";

    /// <summary>
    /// argv[1] "get": prints repr() of each header of the next message in queue argv[2], one "key=repr" a line;
    /// "put": publishes to queue argv[2] a message with header amount=Decimal(argv[3]).
    /// </summary>
    private const string PikaScript = """
        import decimal, os, sys, time, pika
        connection = pika.BlockingConnection(pika.URLParameters(os.environ["AMQP_URI"]))
        channel = connection.channel()
        if sys.argv[1] == "put":
            channel.basic_publish("", sys.argv[2], b"{}", pika.BasicProperties(headers={"amount": decimal.Decimal(sys.argv[3])}))
        else:
            for _ in range(100):
                method, properties, body = channel.basic_get(sys.argv[2], auto_ack=True)
                if method is not None:
                    for key, value in sorted(properties.headers.items()):
                        print(f"{key}={value!r}")
                    break
                time.sleep(0.05)
            else:
                sys.exit("no message")
        connection.close()
        """;

    private static async Task<string> RunPikaAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(PikaScript);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["AMQP_URI"] = Broker.Uri;
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(process.ExitCode == 0, $"pika ({Python}) failed; is python3-pika installed (apt-get install -y python3-pika)? {await error}");
        return await output;
    }

    private static async Task<GetResult> GetAsync(AmqpChannel channel, string queue)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            if (await channel.BasicGetAsync(queue, autoAck: true) is { } result) return result;
            await Task.Delay(50);
        }

        throw new TimeoutException($"No message arrived in {queue}.");
    }

    private static async Task<(AmqpConnection Connection, AmqpChannel Channel, string Queue)> QueueAsync()
    {
        AmqpConnection connection = await Broker.ConnectAsync();
        AmqpChannel channel = await connection.OpenChannelAsync();
        string queue = Broker.UniqueName("decimal");
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false);
        return (connection, channel, queue);
    }

    [BrokerFact]
    public async Task Pika_and_TypedAmqp_read_each_others_negative_decimals_with_the_right_value()
    {
        (AmqpConnection connection, AmqpChannel channel, string queue) = await QueueAsync();
        await using AmqpConnection owner = connection;
        try
        {
            var headers = new Dictionary<string, object?> { ["negative"] = -1.5m, ["cents"] = -123456.78m, ["smallest"] = -2147483648m, ["positive"] = 2.25m };
            await channel.PublishAsync("", queue, "{}"u8.ToArray(), new BasicProperties { Headers = headers });
            string read = await RunPikaAsync("get", queue);
            Assert.Equal(
                ["cents=Decimal('-123456.78')", "negative=Decimal('-1.5')", "positive=Decimal('2.25')", "smallest=Decimal('-2147483648')"],
                read.Split('\n', StringSplitOptions.RemoveEmptyEntries));

            foreach (string value in new[] { "-1.5", "-123456.78", "-2147483648", "2.25" })
            {
                await RunPikaAsync("put", queue, value);
                GetResult got = await GetAsync(channel, queue);
                Assert.Equal(decimal.Parse(value, CultureInfo.InvariantCulture), Assert.IsType<decimal>(got.Properties.Headers!["amount"]));
            }
        }
        finally
        {
            await channel.QueueDeleteAsync(queue);
        }
    }

    [BrokerFact]
    public async Task RabbitMQ_Client_and_TypedAmqp_disagree_on_negative_decimals_as_documented()
    {
        (AmqpConnection connection, AmqpChannel channel, string queue) = await QueueAsync();
        await using AmqpConnection owner = connection;
        var factory = new Rmq.ConnectionFactory { Uri = new Uri(Broker.Uri) };
        await using Rmq.IConnection other = await factory.CreateConnectionAsync();
        await using Rmq.IChannel otherChannel = await other.CreateChannelAsync();
        try
        {
            // TypedAmqp -> RabbitMQ.Client: -1.5 is scale 1 and 0xFFFFFFF1; RabbitMQ.Client takes the top bit as the
            // sign and the other 31 bits (0x7FFFFFF1 = 2147483633) as the magnitude.
            await channel.PublishAsync("", queue, "{}"u8.ToArray(), new BasicProperties { Headers = new Dictionary<string, object?> { ["amount"] = -1.5m, ["cents"] = -123.45m, ["positive"] = 2.25m } });
            Rmq.BasicGetResult? received = null;
            for (int attempt = 0; attempt < 100 && received is null; attempt++)
            {
                received = await otherChannel.BasicGetAsync(queue, autoAck: true);
                if (received is null) await Task.Delay(50);
            }

            Assert.NotNull(received);
            Assert.Equal(-214748363.3m, Assert.IsType<decimal>(received.BasicProperties.Headers!["amount"]));
            Assert.Equal(-21474713.03m, Assert.IsType<decimal>(received.BasicProperties.Headers!["cents"])); // -(2^31 - 12345), scale 2
            Assert.Equal(2.25m, Assert.IsType<decimal>(received.BasicProperties.Headers!["positive"]));

            // RabbitMQ.Client -> TypedAmqp: its -1.5 is scale 1 and 0x8000000F, which two's complement reads as -2147483633.
            var properties = new Rmq.BasicProperties { Headers = new Dictionary<string, object?> { ["amount"] = -1.5m, ["cents"] = -123.45m, ["positive"] = 2.25m } };
            await otherChannel.BasicPublishAsync("", queue, mandatory: false, properties, "{}"u8.ToArray());
            GetResult got = await GetAsync(channel, queue);
            Assert.Equal(-214748363.3m, Assert.IsType<decimal>(got.Properties.Headers!["amount"]));
            Assert.Equal(-21474713.03m, Assert.IsType<decimal>(got.Properties.Headers!["cents"]));
            Assert.Equal(2.25m, Assert.IsType<decimal>(got.Properties.Headers!["positive"]));
        }
        finally
        {
            await channel.QueueDeleteAsync(queue);
        }
    }
}
