using System.Globalization;
using System.Text.Json;
using TypedAmqp.Amqp10;
using TypedAmqp.Tests.Amqp10.Rhea;

namespace TypedAmqp.Tests.Amqp10.Client;

/// <summary>
/// Link options against rhea as a server (Amqp10/rhea/rhea_server.js): what rhea decoded of each terminus option, a
/// dynamic node rhea assigns and routes replies to, a durable subscription resumed by link name, drain in both
/// directions, receiver settle mode second in both directions, and max-message-size in both directions.
/// </summary>
public sealed class Amqp10RheaLinkTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private RheaProcess? _rhea;
    private int _port;

    public async Task InitializeAsync()
    {
        if (!RheaNode.IsAvailable && !RheaNode.IsCi) return;
        _rhea = RheaNode.Start("rhea_server.js");
        string line = await _rhea.NextLineAsync(Timeout);
        Assert.StartsWith("listening ", line);
        _port = int.Parse(line["listening ".Length..], CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        if (_rhea is not null) await _rhea.DisposeAsync();
    }

    private RheaProcess Rhea => _rhea!;

    private Task<Amqp10Client> ConnectAsync() => Amqp10Client.ConnectAsync(new Amqp10ConnectionOptions { Host = "127.0.0.1", Port = _port }).AsTask().WaitAsync(Timeout);

    private static string Text(JsonElement e, string property) => e.GetProperty(property).GetString()!;

    [RheaFact]
    public async Task Every_source_option_of_a_receiver_is_decoded_by_rhea_as_sent()
    {
        await using Amqp10Client client = await ConnectAsync();
        var options = new Amqp10ReceiverOptions
        {
            Name = "options-receiver",
            Source = new Amqp10TerminusOptions
            {
                Durability = Amqp10TerminusDurability.Configuration,
                ExpiryPolicy = Amqp10TerminusExpiryPolicy.Never,
                Timeout = TimeSpan.FromSeconds(30),
                Capabilities = ["queue", "shared"],
            },
            DistributionMode = Amqp10DistributionMode.Copy,
            Filters = [Amqp10Filter.Selector("color = 'red'"), Amqp10Filter.NoLocal()],
        };
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync("terminus", options).AsTask().WaitAsync(Timeout);
        JsonElement attached = await Rhea.NextEventAsync("attached", Timeout);
        Assert.Equal("options-receiver", Text(attached, "name"));
        JsonElement terminus = attached.GetProperty("terminus");
        Assert.Equal("terminus", Text(terminus, "address"));
        Assert.Equal(1, terminus.GetProperty("durable").GetInt32());
        Assert.Equal("never", Text(terminus, "expiry_policy"));
        Assert.Equal(30, terminus.GetProperty("timeout").GetInt32());
        Assert.Equal("copy", Text(terminus, "distribution_mode"));
        Assert.Equal(["queue", "shared"], terminus.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
        Assert.False(terminus.TryGetProperty("dynamic", out JsonElement dynamic) && dynamic.GetBoolean());
        JsonElement filter = terminus.GetProperty("filter");
        Assert.Equal(
            Amqp10Value.Described(Amqp10Value.Symbol("apache.org:selector-filter:string"), Amqp10Value.String("color = 'red'")).ToString(),
            Text(filter, "selector"));
        Assert.Equal(Amqp10Value.Described(Amqp10Value.Symbol("apache.org:no-local-filter:list"), Amqp10Value.List()).ToString(), Text(filter, "no-local"));
    }

    [RheaFact]
    public async Task Every_target_option_of_a_sender_is_decoded_by_rhea_as_sent()
    {
        await using Amqp10Client client = await ConnectAsync();
        var options = new Amqp10SenderOptions
        {
            Target = new Amqp10TerminusOptions
            {
                Durability = Amqp10TerminusDurability.UnsettledState,
                ExpiryPolicy = Amqp10TerminusExpiryPolicy.ConnectionClose,
                Timeout = TimeSpan.Zero,
                Capabilities = ["topic"],
            },
        };
        await using Amqp10Sender sender = await client.CreateSenderAsync("record", options).AsTask().WaitAsync(Timeout);
        JsonElement terminus = (await Rhea.NextEventAsync("attached", Timeout)).GetProperty("terminus");
        Assert.Equal(2, terminus.GetProperty("durable").GetInt32());
        Assert.Equal("connection-close", Text(terminus, "expiry_policy"));
        Assert.Equal(0, terminus.GetProperty("timeout").GetInt32());
        Assert.Equal(["topic"], terminus.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
    }

    private Task<Amqp10Client> ConnectAsync(string containerId) =>
        Amqp10Client.ConnectAsync(new Amqp10ConnectionOptions { Host = "127.0.0.1", Port = _port, ContainerId = containerId }).AsTask().WaitAsync(Timeout);

    private static async Task<long[]> ReceiveAsync(Amqp10Receiver receiver, int count)
    {
        var values = new long[count];
        for (int i = 0; i < count; i++)
        {
            Amqp10Delivery delivery = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
            values[i] = delivery.Message.Value!.Value.AsSigned;
            await receiver.AcceptAsync(delivery).AsTask().WaitAsync(Timeout);
        }

        return values;
    }

    [RheaFact]
    public async Task A_durable_receiver_detached_not_closed_resumes_by_name_from_the_same_container_and_a_close_ends_the_subscription()
    {
        // Manual credit, so rhea sends only what the test accepts: what it sent and was not settled would be gone.
        static Amqp10ReceiverOptions Subscription(uint credit) => new()
        {
            Name = "subscription",
            Credit = credit,
            AutomaticCredit = false,
            Source = new Amqp10TerminusOptions { Durability = Amqp10TerminusDurability.UnsettledState, ExpiryPolicy = Amqp10TerminusExpiryPolicy.Never },
        };
        Amqp10ReceiverOptions options = Subscription(2);
        await using (Amqp10Client first = await ConnectAsync("typedamqp-durable"))
        {
            Amqp10Receiver receiver = await first.CreateReceiverAsync("durable", options).AsTask().WaitAsync(Timeout);
            Assert.False((await Rhea.NextEventAsync("attached", Timeout)).GetProperty("resumed").GetBoolean());
            Assert.Equal(new long[] { 0, 1 }, await ReceiveAsync(receiver, 2));
            await receiver.DetachAsync().AsTask().WaitAsync(Timeout);
            Assert.False((await Rhea.NextEventAsync("detached", Timeout)).GetProperty("closed").GetBoolean());
        }

        // Another container with the same link name has a subscription of its own.
        await using (Amqp10Client other = await ConnectAsync("typedamqp-other"))
        {
            await using Amqp10Receiver receiver = await other.CreateReceiverAsync("durable", options).AsTask().WaitAsync(Timeout);
            Assert.False((await Rhea.NextEventAsync("attached", Timeout)).GetProperty("resumed").GetBoolean());
            Assert.Equal(new long[] { 0 }, await ReceiveAsync(receiver, 1));
        }

        await using (Amqp10Client second = await ConnectAsync("typedamqp-durable"))
        {
            Amqp10Receiver resumed = await second.CreateReceiverAsync("durable", Subscription(4)).AsTask().WaitAsync(Timeout);
            JsonElement attached = await Rhea.NextEventAsync("attached", Timeout);
            Assert.Equal("subscription", Text(attached, "name"));
            Assert.True(attached.GetProperty("resumed").GetBoolean());
            Assert.Equal(new long[] { 2, 3, 4, 5 }, await ReceiveAsync(resumed, 4));
            await resumed.CloseAsync().AsTask().WaitAsync(Timeout);
            Assert.True((await Rhea.NextEventAsync("detached", Timeout)).GetProperty("closed").GetBoolean());
        }

        await using Amqp10Client third = await ConnectAsync("typedamqp-durable");
        await using Amqp10Receiver fresh = await third.CreateReceiverAsync("durable", options).AsTask().WaitAsync(Timeout);
        Assert.False((await Rhea.NextEventAsync("attached", Timeout)).GetProperty("resumed").GetBoolean());
        Assert.Equal(new long[] { 0, 1 }, await ReceiveAsync(fresh, 2));
    }

    [RheaFact]
    public async Task A_dynamic_receiver_gets_the_address_rhea_assigns_and_receives_replies_sent_to_it()
    {
        await using Amqp10Client client = await ConnectAsync();
        var lifetime = Amqp10Value.Map(Amqp10Value.Symbol("lifetime-policy"), Amqp10Value.Described(Amqp10Value.ULong(0x2b), Amqp10Value.List()));
        await using Amqp10Receiver replies = await client.CreateDynamicReceiverAsync(
            new Amqp10ReceiverOptions { Source = new Amqp10TerminusOptions { DynamicNodeProperties = lifetime } }).AsTask().WaitAsync(Timeout);
        JsonElement assigned = await Rhea.NextEventAsync("assigned", Timeout);
        Assert.Equal(Text(assigned, "address"), replies.Address);
        Assert.StartsWith("dynamic-", replies.Address, StringComparison.Ordinal);
        JsonElement terminus = (await Rhea.NextEventAsync("attached", Timeout)).GetProperty("terminus");
        Assert.True(terminus.GetProperty("dynamic").GetBoolean());
        Assert.False(terminus.TryGetProperty("address", out _));
        Assert.Equal(Amqp10Value.Described(Amqp10Value.ULong(0x2b), Amqp10Value.List()).ToString(), Text(terminus.GetProperty("dynamic_node_properties"), "lifetime-policy"));

        // The assigned address as a temporary reply address.
        await using Amqp10Sender requests = await client.CreateSenderAsync("request").AsTask().WaitAsync(Timeout);
        var request = new Amqp10Message { Properties = new Amqp10Properties { MessageId = Amqp10Value.String("req-1"), ReplyTo = replies.Address }, Value = Amqp10Value.String("ping") };
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await requests.SendAsync(request).AsTask().WaitAsync(Timeout))?.Kind);
        Amqp10Delivery reply = await replies.ReceiveAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(Amqp10Value.String("reply to ping"), reply.Message.Value);
        Assert.Equal(Amqp10Value.String("req-1"), reply.Message.Properties?.CorrelationId);
        await replies.AcceptAsync(reply);
    }

    [RheaFact]
    public async Task A_dynamic_sender_gets_the_address_rhea_assigns()
    {
        await using Amqp10Client client = await ConnectAsync();
        await using Amqp10Sender sender = await client.CreateDynamicSenderAsync().AsTask().WaitAsync(Timeout);
        JsonElement assigned = await Rhea.NextEventAsync("assigned", Timeout);
        Assert.Equal(Text(assigned, "address"), sender.Address);
        JsonElement attached = await Rhea.NextEventAsync("attached", Timeout);
        Assert.True(attached.GetProperty("terminus").GetProperty("dynamic").GetBoolean());
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(new Amqp10Message { Value = Amqp10Value.Int(1) }).AsTask().WaitAsync(Timeout))?.Kind);
        Assert.Equal(sender.Address, Text(await Rhea.NextEventAsync("received", Timeout), "address"));
    }

    [RheaFact]
    public async Task A_receiver_s_drain_is_answered_by_rhea_after_the_messages_it_had_and_leaves_no_credit()
    {
        await using Amqp10Client client = await ConnectAsync();
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync("drainable", new Amqp10ReceiverOptions { AutomaticCredit = false, Credit = 10 }).AsTask().WaitAsync(Timeout);
        await receiver.DrainAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(0u, receiver.Credit);
        JsonElement draining = await Rhea.NextEventAsync("draining", Timeout);
        Assert.Equal("drainable", Text(draining, "address"));
        var numbers = new List<long>();
        IReadOnlyList<Amqp10Delivery> batch = await receiver.ReceiveBatchAsync(10, TimeSpan.FromMilliseconds(500)).AsTask().WaitAsync(Timeout);
        foreach (Amqp10Delivery delivery in batch)
        {
            numbers.Add(delivery.Message.Value!.Value.AsSigned);
            await receiver.AcceptAsync(delivery);
        }

        Assert.Equal([0L, 1L, 2L], numbers);
    }

    [RheaFact]
    public async Task The_sender_answers_rhea_s_drain_with_its_delivery_count_advanced_past_the_unused_credit()
    {
        await using Amqp10Client client = await ConnectAsync();
        await using Amqp10Sender sender = await client.CreateSenderAsync("drain-me").AsTask().WaitAsync(Timeout);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(new Amqp10Message { Value = Amqp10Value.Int(i) }).AsTask().WaitAsync(Timeout))?.Kind);
        }

        await Rhea.WriteLineAsync("drain drain-me");
        JsonElement drained = await Rhea.NextEventAsync("drained", Timeout);
        Assert.Equal(0, drained.GetProperty("credit").GetInt32());
        Assert.Equal(5, drained.GetProperty("delivery_count").GetInt32());
    }

    [RheaFact]
    public async Task A_receiver_settling_second_completes_each_settlement_once_rhea_has_settled()
    {
        await using Amqp10Client client = await ConnectAsync();
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync("second", new Amqp10ReceiverOptions { ReceiverSettleMode = Amqp10ReceiverSettleMode.Second }).AsTask().WaitAsync(Timeout);
        Assert.Equal(Amqp10ReceiverSettleMode.Second, receiver.ReceiverSettleMode);
        Assert.Equal(1, (await Rhea.NextEventAsync("attached", Timeout)).GetProperty("rcv_settle_mode").GetInt32());
        for (int i = 0; i < 2; i++)
        {
            Amqp10Delivery delivery = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
            await receiver.AcceptAsync(delivery).AsTask().WaitAsync(Timeout);
            JsonElement outcome = await Rhea.NextEventAsync("outcome", Timeout);
            Assert.Equal("accepted", Text(outcome, "kind"));
            Assert.False(outcome.GetProperty("remote_settled").GetBoolean()); // the receiver's outcome came unsettled
            Assert.Equal(i, (await Rhea.NextEventAsync("sender_settled", Timeout)).GetProperty("index").GetInt32());
        }
    }

    [RheaFact]
    public async Task A_sender_to_a_receiver_settling_second_settles_each_outcome_rhea_gives()
    {
        await using Amqp10Client client = await ConnectAsync();
        await using Amqp10Sender sender = await client.CreateSenderAsync("second").AsTask().WaitAsync(Timeout);
        Assert.Equal(Amqp10ReceiverSettleMode.Second, sender.PeerReceiverSettleMode);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(new Amqp10Message { Value = Amqp10Value.Int(i) }).AsTask().WaitAsync(Timeout))?.Kind);
            await Rhea.NextEventAsync("settled_by_sender", Timeout);
        }
    }

    [RheaFact]
    public async Task Rhea_s_max_message_size_refuses_a_larger_send_unsent_and_the_sender_goes_on()
    {
        await using Amqp10Client client = await ConnectAsync();
        await using Amqp10Sender sender = await client.CreateSenderAsync("small").AsTask().WaitAsync(Timeout);
        Assert.Equal(100ul, sender.PeerMaxMessageSize);
        Amqp10MessageSizeExceededException error = await Assert.ThrowsAsync<Amqp10MessageSizeExceededException>(
            () => sender.SendAsync(new Amqp10Message { Data = new byte[150] }).AsTask().WaitAsync(Timeout));
        Assert.Equal(100ul, error.Limit);
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(new Amqp10Message { Data = new byte[20] }).AsTask().WaitAsync(Timeout))?.Kind);
        JsonElement received = await Rhea.NextEventAsync("received", Timeout);
        Assert.Equal(["data.0=" + Amqp10Value.Binary(new byte[20])], RheaReport.Of(received.GetProperty("report"))); // the first rhea saw is the small one
    }

    [RheaFact]
    public async Task A_message_from_rhea_over_the_receiver_s_max_message_size_detaches_the_link_with_message_size_exceeded()
    {
        await using Amqp10Client client = await ConnectAsync();
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync("big", new Amqp10ReceiverOptions { MaxMessageSize = 500 }).AsTask().WaitAsync(Timeout);
        Assert.Equal("500", Text(await Rhea.NextEventAsync("attached", Timeout), "max_message_size"));
        Amqp10ClosedException closed = await Assert.ThrowsAsync<Amqp10ClosedException>(() => receiver.ReceiveAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(Amqp10Conditions.MessageSizeExceeded, closed.Condition);
        Assert.IsType<Amqp10MessageSizeExceededException>(closed.InnerException);
        JsonElement detached = await Rhea.NextEventAsync("detached", Timeout);
        Assert.Equal(Amqp10Conditions.MessageSizeExceeded, Text(detached, "condition"));
        Assert.True(detached.GetProperty("closed").GetBoolean());
        Assert.Null(client.Failure);
    }
}
