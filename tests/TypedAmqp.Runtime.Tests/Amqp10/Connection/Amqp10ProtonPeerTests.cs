using TypedAmqp.Amqp10;

namespace TypedAmqp.Tests.Amqp10.Connection;

/// <summary>
/// The engine against a second, independent AMQP 1.0 implementation: a small broker written with Qpid Proton's reactor
/// (proton_broker.py). Proton decodes every message sent to it into its own Message object and encodes it again for
/// the receiver, so what comes back proves both directions of the message format, the framing and the link protocol.
/// </summary>
public sealed class Amqp10ProtonPeerTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private ProtonScriptPeer? _broker;

    public async Task InitializeAsync()
    {
        if (!ProtonFactAttribute.IsAvailable) return;
        // PN_TRACE_FRM=1 makes Proton trace every frame to standard error, written to a file on dispose.
        _broker = await ProtonScriptPeer.StartAsync(
            "proton_broker.py", Timeout, new Dictionary<string, string> { ["PN_TRACE_FRM"] = Environment.GetEnvironmentVariable("PN_TRACE_FRM") ?? "" });
    }

    public Task DisposeAsync()
    {
        _broker?.Dispose();
        if (_broker is not null && Environment.GetEnvironmentVariable("PN_TRACE_FRM") == "1")
        {
            File.WriteAllText(Path.Combine(Path.GetTempPath(), "amqp10-proton-trace.txt"), _broker.Errors);
        }

        return Task.CompletedTask;
    }

    private Amqp10ConnectionOptions Options(uint maxFrameSize = 64 * 1024) => new() { Host = "127.0.0.1", Port = _broker!.Port, MaxFrameSize = maxFrameSize };

    [ProtonFact]
    public async Task A_message_through_a_Proton_broker_comes_back_with_the_same_properties_application_properties_and_body()
    {
        await using Amqp10Connection connection = await Amqp10Connection.ConnectAsync(Options()).WaitAsync(Timeout);
        Assert.Equal(["ANONYMOUS"], connection.ServerMechanisms);
        Amqp10Session session = await connection.BeginSessionAsync().WaitAsync(Timeout);
        Amqp10ReceiverLink receiver = await session.AttachReceiverAsync("receiver", "q1", credit: 5).WaitAsync(Timeout);
        Amqp10SenderLink sender = await session.AttachSenderAsync("sender", "q1").WaitAsync(Timeout);

        var sent = new Amqp10Message
        {
            Properties = new Amqp10Properties
            {
                MessageId = Amqp10Value.String("id-1"),
                To = "q1",
                Subject = "subject",
                ReplyTo = "replies",
                CorrelationId = Amqp10Value.ULong(77),
                ContentType = "text/plain",
                CreationTime = new Amqp10Timestamp(1_764_640_000_123),
                GroupId = "g",
                GroupSequence = 3,
            },
            ApplicationProperties = new Dictionary<string, Amqp10Value>
            {
                ["text"] = Amqp10Value.String("héllo"),
                ["long"] = Amqp10Value.Long(-5_000_000_000),
                ["flag"] = Amqp10Value.Boolean(true),
                ["ratio"] = Amqp10Value.Double(0.25),
            },
            Data = "body bytes"u8.ToArray(),
        };
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(sent).AsTask().WaitAsync(Timeout))?.Kind);

        Amqp10Delivery delivery = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
        Amqp10Properties p = delivery.Message.Properties!;
        Assert.Equal(Amqp10Value.String("id-1"), p.MessageId);
        Assert.Equal("q1", p.To);
        Assert.Equal("subject", p.Subject);
        Assert.Equal("replies", p.ReplyTo);
        Assert.Equal(Amqp10Value.ULong(77), p.CorrelationId);
        Assert.Equal("text/plain", p.ContentType);
        Assert.Equal(new Amqp10Timestamp(1_764_640_000_123), p.CreationTime);
        Assert.Equal("g", p.GroupId);
        Assert.Equal(3u, p.GroupSequence);
        Assert.Equal(
            sent.ApplicationProperties.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"),
            delivery.Message.ApplicationProperties!.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"));
        Assert.Equal("body bytes"u8.ToArray(), delivery.Message.Data!.Value.ToArray());
        await receiver.AcceptAsync(delivery);

        await sender.DetachAsync().WaitAsync(Timeout);
        await receiver.DetachAsync().WaitAsync(Timeout);
        await session.EndAsync().WaitAsync(Timeout);
        await connection.CloseAsync().WaitAsync(Timeout);
        Assert.Null(connection.Failure);
    }

    [ProtonFact]
    public async Task A_large_message_crosses_a_Proton_broker_in_small_frames_both_ways()
    {
        await using Amqp10Connection connection = await Amqp10Connection.ConnectAsync(Options(maxFrameSize: 1024)).WaitAsync(Timeout);
        Amqp10Session session = await connection.BeginSessionAsync().WaitAsync(Timeout);
        Amqp10ReceiverLink receiver = await session.AttachReceiverAsync("receiver", "big", credit: 1).WaitAsync(Timeout);
        Amqp10SenderLink sender = await session.AttachSenderAsync("sender", "big").WaitAsync(Timeout);
        byte[] body = new byte[300_000];
        new Random(3).NextBytes(body);
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(new Amqp10Message { Data = body }).AsTask().WaitAsync(Timeout))?.Kind);
        Amqp10Delivery delivery = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
        Assert.True(body.AsSpan().SequenceEqual(delivery.Message.Data!.Value.Span));
        await connection.CloseAsync().WaitAsync(Timeout);
    }

    [ProtonFact]
    public async Task Proton_s_rejected_and_released_outcomes_come_back_as_such()
    {
        await using Amqp10Connection connection = await Amqp10Connection.ConnectAsync(Options()).WaitAsync(Timeout);
        Amqp10Session session = await connection.BeginSessionAsync().WaitAsync(Timeout);
        Amqp10SenderLink rejecting = await session.AttachSenderAsync("rejecting", "/reject").WaitAsync(Timeout);
        Amqp10SenderLink releasing = await session.AttachSenderAsync("releasing", "/release").WaitAsync(Timeout);

        Amqp10DeliveryState? rejected = await rejecting.SendAsync(new Amqp10Message { Value = Amqp10Value.String("no") }).AsTask().WaitAsync(Timeout);
        Assert.Equal(Amqp10DeliveryStateKind.Rejected, rejected?.Kind);
        Assert.Equal("amqp:precondition-failed", rejected!.Value.Error?.Condition);
        Assert.Equal("rejected by the test broker", rejected.Value.Error?.Description);

        Amqp10DeliveryState? released = await releasing.SendAsync(new Amqp10Message { Value = Amqp10Value.String("later") }).AsTask().WaitAsync(Timeout);
        Assert.True(released?.Kind is Amqp10DeliveryStateKind.Released or Amqp10DeliveryStateKind.Modified, $"the release came back as {released}");
        await connection.CloseAsync().WaitAsync(Timeout);
    }

    private static Amqp10Message Numbered(int i) => new() { Value = Amqp10Value.Int(i) };

    [ProtonFact]
    public async Task The_public_client_s_batch_and_stream_of_messages_cross_a_Proton_broker_in_order_and_the_stream_ends_on_close()
    {
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Options()).AsTask().WaitAsync(Timeout);
        Assert.Equal(["ANONYMOUS"], client.ServerMechanisms);
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync("stream", new Amqp10ReceiverOptions { Credit = 7 }).AsTask().WaitAsync(Timeout);
        await using Amqp10Sender sender = await client.CreateSenderAsync("stream").AsTask().WaitAsync(Timeout);

        IReadOnlyList<Amqp10DeliveryState?> outcomes = await sender.SendBatchAsync([.. Enumerable.Range(0, 25).Select(Numbered)]).AsTask().WaitAsync(Timeout);
        Assert.Equal(25, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(Amqp10DeliveryStateKind.Accepted, o?.Kind));

        // 25 messages through a credit of 7: credit comes back as the stream takes them.
        var received = new List<long>();
        Task reading = Task.Run(async () =>
        {
            await foreach (Amqp10Delivery delivery in receiver.ReadAllAsync())
            {
                received.Add(delivery.Message.Value!.Value.AsSigned);
                await receiver.AcceptAsync(delivery);
                if (received.Count == 25) await receiver.CloseAsync();
            }
        });
        await reading.WaitAsync(Timeout); // ends, without an exception, once the application closed the receiver
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), received);
    }

    [ProtonFact]
    public async Task A_batch_receive_returns_at_its_size_limit_at_once_and_with_what_arrived_at_its_timeout()
    {
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Options()).AsTask().WaitAsync(Timeout);
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync("batches").AsTask().WaitAsync(Timeout);
        await using Amqp10Sender sender = await client.CreateSenderAsync("batches").AsTask().WaitAsync(Timeout);
        await sender.SendBatchAsync([.. Enumerable.Range(0, 5).Select(Numbered)]).AsTask().WaitAsync(Timeout);

        var full = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<Amqp10Delivery> first = await receiver.ReceiveBatchAsync(3, TimeSpan.FromSeconds(8)).AsTask().WaitAsync(Timeout);
        Assert.True(full.Elapsed < TimeSpan.FromSeconds(6), $"a full batch waited {full.Elapsed}");
        Assert.Equal([0L, 1L, 2L], first.Select(d => d.Message.Value!.Value.AsSigned));

        var partial = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<Amqp10Delivery> second = await receiver.ReceiveBatchAsync(3, TimeSpan.FromMilliseconds(500)).AsTask().WaitAsync(Timeout);
        Assert.True(partial.Elapsed >= TimeSpan.FromMilliseconds(450), $"a short batch returned after {partial.Elapsed}, before its timeout");
        Assert.Equal([3L, 4L], second.Select(d => d.Message.Value!.Value.AsSigned));
        foreach (Amqp10Delivery delivery in first.Concat(second)) await receiver.AcceptAsync(delivery);

        Assert.Empty(await receiver.ReceiveBatchAsync(10, TimeSpan.FromMilliseconds(200)).AsTask().WaitAsync(Timeout));
    }

    [ProtonFact]
    public async Task The_public_sender_returns_Proton_s_rejection_with_its_error()
    {
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Options()).AsTask().WaitAsync(Timeout);
        await using Amqp10Sender sender = await client.CreateSenderAsync("/reject").AsTask().WaitAsync(Timeout);
        Amqp10DeliveryState? outcome = await sender.SendAsync(Numbered(1)).AsTask().WaitAsync(Timeout);
        Assert.Equal(Amqp10DeliveryStateKind.Rejected, outcome?.Kind);
        Assert.Equal(Amqp10Conditions.PreconditionFailed, outcome!.Value.Error?.Condition);
    }
}
