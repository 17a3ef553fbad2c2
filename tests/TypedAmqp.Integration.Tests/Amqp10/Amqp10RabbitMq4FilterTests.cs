using TypedAmqp.Amqp10;

namespace TypedAmqp.Integration.Amqp10;

/// <summary>
/// What RabbitMQ 4.0 does with a receiver's filter set. It applies the stream filter (<c>rabbitmq:stream-filter</c>
/// against the <c>x-stream-filter-value</c> message annotation) per chunk of the stream, as the stream protocol's Bloom
/// filter does: a chunk without the value is skipped, a chunk with it is delivered whole, so the consumer checks the
/// annotation itself. The stream filter and the stream offset apply only under a key equal to the descriptor's name:
/// RabbitMQ picks its filters by key. Anything else, a JMS selector included, it echoes in its attach and ignores.
/// </summary>
public sealed class Amqp10RabbitMq4FilterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private const string StreamFilter = "rabbitmq:stream-filter";
    private const string StreamOffsetSpec = "rabbitmq:stream-offset-spec";

    /// <summary>Replays a stream from its first message (without it a new stream consumer starts at the next one).</summary>
    private static readonly Amqp10Filter FromFirst = new(StreamOffsetSpec, Amqp10Value.Symbol(StreamOffsetSpec), Amqp10Value.String("first"));

    private static readonly string[] Colours = ["blue", "blue", "blue", "red", "red", "blue", "red"];

    private static Amqp10Message Coloured(string colour, int i) => new()
    {
        MessageAnnotations = Amqp10Value.Map(Amqp10Value.Symbol("x-stream-filter-value"), Amqp10Value.String(colour)),
        Value = Amqp10Value.Int(i),
    };

    /// <summary>
    /// A stream holding <see cref="Colours"/>: message i is the int i with its colour as x-stream-filter-value, each
    /// sent once the previous one was accepted, so that each lands in a chunk of its own.
    /// </summary>
    private static async Task<string> StreamOfColoursAsync(Amqp10Broker broker, Amqp10Client client)
    {
        string stream = await broker.DeclareQueueAsync("stream-filter", new Dictionary<string, object?> { ["x-queue-type"] = "stream" }, durable: true);
        await using Amqp10Sender sender = await client.CreateSenderAsync(broker.Address(stream)).AsTask().WaitAsync(Timeout);
        for (int i = 0; i < Colours.Length; i++)
        {
            Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(Coloured(Colours[i], i)).AsTask().WaitAsync(Timeout))?.Kind);
        }

        return stream;
    }

    private static string? FilterValue(Amqp10Message message)
    {
        Amqp10Value[] entries = message.MessageAnnotations!.Value.AsElements;
        for (int i = 0; i < entries.Length; i += 2)
        {
            if (entries[i].AsText == "x-stream-filter-value") return entries[i + 1].AsText;
        }

        return null;
    }

    private static async Task<long[]> ReceiveAllAsync(Amqp10Client client, string address, params Amqp10Filter[] filters)
    {
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync(address, new Amqp10ReceiverOptions { Filters = filters }).AsTask().WaitAsync(Timeout);
        IReadOnlyList<Amqp10Delivery> deliveries = await receiver.ReceiveBatchAsync(Colours.Length, TimeSpan.FromSeconds(3)).AsTask().WaitAsync(Timeout);
        foreach (Amqp10Delivery delivery in deliveries) await receiver.AcceptAsync(delivery).AsTask().WaitAsync(Timeout);
        return [.. deliveries.Select(d => d.Message.Value!.Value.AsSigned)];
    }

    [RabbitMq4Fact]
    public async Task A_stream_filter_under_its_own_key_skips_the_chunks_without_the_value_so_messages_sent_one_by_one_arrive_only_when_they_match()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options()).AsTask().WaitAsync(Timeout);
        string stream = await StreamOfColoursAsync(broker, client);

        long[] red = await ReceiveAllAsync(client, broker.Address(stream), FromFirst, new Amqp10Filter(StreamFilter, Amqp10Value.Symbol(StreamFilter), Amqp10Value.String("red")));

        Assert.Equal([3L, 4L, 6L], red);
        long[] unfiltered = await ReceiveAllAsync(client, broker.Address(stream), FromFirst);
        Assert.Equal([0L, 1L, 2L, 3L, 4L, 5L, 6L], unfiltered);
    }

    [RabbitMq4Fact]
    public async Task A_stream_filter_under_any_other_key_is_ignored_by_RabbitMQ_4_0_and_every_message_arrives()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options()).AsTask().WaitAsync(Timeout);
        string stream = await StreamOfColoursAsync(broker, client);

        long[] all = await ReceiveAllAsync(client, broker.Address(stream), FromFirst, new Amqp10Filter("colour", Amqp10Value.Symbol(StreamFilter), Amqp10Value.String("red")));

        Assert.Equal([0L, 1L, 2L, 3L, 4L, 5L, 6L], all);
        // The offset spec is picked by its key too: under another key a new consumer starts at the next message, so none of these.
        var offsetElsewhere = new Amqp10Filter("offset", Amqp10Value.Symbol(StreamOffsetSpec), Amqp10Value.String("first"));
        Assert.Empty(await ReceiveAllAsync(client, broker.Address(stream), offsetElsewhere));
    }

    [RabbitMq4Fact]
    public async Task A_selector_is_echoed_in_RabbitMQ_4_0_s_attach_and_not_applied_every_message_arrives()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string queue = await broker.DeclareQueueAsync("selector");
        string address = broker.Address(queue);
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options()).AsTask().WaitAsync(Timeout);
        await using (Amqp10Sender sender = await client.CreateSenderAsync(address).AsTask().WaitAsync(Timeout))
        {
            await sender.SendBatchAsync([.. Colours.Select((colour, i) => new Amqp10Message
            {
                ApplicationProperties = new Dictionary<string, Amqp10Value> { ["colour"] = Amqp10Value.String(colour) },
                Value = Amqp10Value.Int(i),
            })]).AsTask().WaitAsync(Timeout);
        }

        Amqp10Filter selector = Amqp10Filter.Selector("colour = 'red'");
        // The attach RabbitMQ sends back, read at the engine level: the selector is there, as sent.
        await using (Amqp10Connection connection = await Amqp10Connection.ConnectAsync(Amqp10Broker.Options()).WaitAsync(Timeout))
        {
            Amqp10Session session = await connection.BeginSessionAsync().WaitAsync(Timeout);
            var request = new Amqp10LinkRequest { Name = "selector-echo", Source = Amqp10Termini.Source(address, new Amqp10ReceiverOptions { Filters = [selector] }, dynamic: false), Credit = 0, AutomaticCredit = false };
            Amqp10ReceiverLink link = await session.AttachReceiverAsync(request, CancellationToken.None).WaitAsync(Timeout);
            Assert.Equal(
                Amqp10Value.Map(Amqp10Value.Symbol("selector"), Amqp10Value.Described(Amqp10Value.Symbol(Amqp10Filter.SelectorDescriptor), Amqp10Value.String("colour = 'red'"))).ToString(),
                link.RemoteAttach.Source?.Filter?.ToString());
            await connection.CloseAsync().WaitAsync(Timeout);
        }

        long[] received = await ReceiveAllAsync(client, address, selector);
        Assert.Equal([0L, 1L, 2L, 3L, 4L, 5L, 6L], received);
    }

    [RabbitMq4Fact]
    public async Task A_stream_filter_delivers_every_match_and_whatever_shares_a_chunk_with_one_carries_its_own_value_for_the_consumer_to_check()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string stream = await broker.DeclareQueueAsync("stream-chunks", new Dictionary<string, object?> { ["x-queue-type"] = "stream" }, durable: true);
        string address = broker.Address(stream);
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options()).AsTask().WaitAsync(Timeout);
        await using (Amqp10Sender sender = await client.CreateSenderAsync(address).AsTask().WaitAsync(Timeout))
        {
            await sender.SendAsync(Coloured("blue", 0)).AsTask().WaitAsync(Timeout); // a chunk of its own
            // One pipelined batch: the stream writes it as one or a few chunks, each holding both colours.
            await sender.SendBatchAsync([.. Enumerable.Range(1, 20).Select(i => Coloured(i % 2 == 0 ? "red" : "blue", i))]).AsTask().WaitAsync(Timeout);
        }

        await using Amqp10Receiver receiver = await client.CreateReceiverAsync(address, new Amqp10ReceiverOptions
        {
            Filters = [FromFirst, new Amqp10Filter(StreamFilter, Amqp10Value.Symbol(StreamFilter), Amqp10Value.String("red"))],
        }).AsTask().WaitAsync(Timeout);
        IReadOnlyList<Amqp10Delivery> deliveries = await receiver.ReceiveBatchAsync(21, TimeSpan.FromSeconds(3)).AsTask().WaitAsync(Timeout);
        var received = deliveries.Select(d => (Value: d.Message.Value!.Value.AsSigned, Colour: FilterValue(d.Message))).ToList();

        Assert.DoesNotContain(received, m => m.Value == 0);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => 2L * i), received.Where(m => m.Colour == "red").Select(m => m.Value));
        // Blue messages of the batch arrive when RabbitMQ wrote them into a chunk with a red one (seen in most runs, but
        // chunking depends on the broker's timing, so not asserted); each carries its own value for the consumer to check.
        Assert.All(received, m => Assert.Equal(m.Value % 2 == 0 ? "red" : "blue", m.Colour));
    }
}
