using TypedAmqp.Amqp10;

namespace TypedAmqp.Integration.Amqp10;

/// <summary>
/// What RabbitMQ 4.0 does with the link options: a durable subscription resumed by link name after a detach, a dynamic
/// node and receiver settle mode second both refused at once with amqp:not-implemented (RabbitMQ ends the session; the
/// client raises a typed exception and the connection keeps working), and manual credit and drain.
/// </summary>
public sealed class Amqp10RabbitMq4LinkTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private static Amqp10Message Numbered(int i) => new() { Value = Amqp10Value.Int(i) };

    [RabbitMq4Fact]
    public async Task A_durable_receiver_detached_not_closed_resumes_by_link_name_on_a_new_connection_and_gets_what_was_sent_meanwhile()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string queue = await broker.DeclareQueueAsync("durable-resume");
        string address = broker.Address(queue);
        var options = new Amqp10ReceiverOptions
        {
            Name = "durable-" + queue,
            Credit = 10,
            Source = new Amqp10TerminusOptions { Durability = Amqp10TerminusDurability.UnsettledState, ExpiryPolicy = Amqp10TerminusExpiryPolicy.Never },
        };
        Amqp10ConnectionOptions first0 = Amqp10Broker.Options();
        // The same container id on both connections: a durable terminus belongs to the (container, link name) pair.
        Amqp10ConnectionOptions connection = new()
        {
            Host = first0.Host, Port = first0.Port, UserName = first0.UserName, Password = first0.Password,
            AllowInsecureMechanisms = true, VirtualHost = first0.VirtualHost, ContainerId = "typedamqp-durable-" + queue,
        };
        await using (Amqp10Client first = await Amqp10Client.ConnectAsync(connection).AsTask().WaitAsync(Timeout))
        {
            Amqp10Receiver receiver = await first.CreateReceiverAsync(address, options).AsTask().WaitAsync(Timeout);
            await using Amqp10Sender sender = await first.CreateSenderAsync(address).AsTask().WaitAsync(Timeout);
            await sender.SendAsync(Numbered(1)).AsTask().WaitAsync(Timeout);
            Amqp10Delivery before = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
            Assert.Equal(1L, before.Message.Value!.Value.AsSigned);
            await receiver.AcceptAsync(before).AsTask().WaitAsync(Timeout);
            await receiver.DetachAsync().AsTask().WaitAsync(Timeout);
            await sender.SendBatchAsync([Numbered(2), Numbered(3)]).AsTask().WaitAsync(Timeout);
        }

        await using Amqp10Client second = await Amqp10Client.ConnectAsync(connection).AsTask().WaitAsync(Timeout);
        await using Amqp10Receiver resumed = await second.CreateReceiverAsync(address, options).AsTask().WaitAsync(Timeout);
        Assert.Equal("durable-" + queue, resumed.Name);
        var received = new List<long>();
        for (int i = 0; i < 2; i++)
        {
            Amqp10Delivery delivery = await resumed.ReceiveAsync().AsTask().WaitAsync(Timeout);
            received.Add(delivery.Message.Value!.Value.AsSigned);
            await resumed.AcceptAsync(delivery).AsTask().WaitAsync(Timeout);
        }

        Assert.Equal([2L, 3L], received);
        Assert.Equal(0u, await broker.MessageCountAsync(queue));
    }

    [RabbitMq4Fact]
    public async Task A_dynamic_receiver_is_refused_by_RabbitMQ_4_with_a_typed_exception_carrying_the_condition_and_the_client_keeps_working()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options()).AsTask().WaitAsync(Timeout);
        Amqp10ClosedException refused = await Assert.ThrowsAsync<Amqp10ClosedException>(() => client.CreateDynamicReceiverAsync().AsTask().WaitAsync(Timeout));
        Assert.False(string.IsNullOrEmpty(refused.Condition), $"the refusal carried no condition: {refused.Message}");
        Assert.Equal("amqp:not-implemented", refused.Condition);

        string queue = await broker.DeclareQueueAsync("after-dynamic");
        await using Amqp10Sender sender = await client.CreateSenderAsync(broker.Address(queue)).AsTask().WaitAsync(Timeout);
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(Numbered(1)).AsTask().WaitAsync(Timeout))?.Kind);
    }

    [RabbitMq4Fact]
    public async Task Manual_credit_lets_exactly_that_many_messages_through_and_a_drain_completes_with_the_queue_short_of_credit()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string queue = await broker.DeclareQueueAsync("manual-credit");
        string address = broker.Address(queue);
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options()).AsTask().WaitAsync(Timeout);
        await using Amqp10Sender sender = await client.CreateSenderAsync(address).AsTask().WaitAsync(Timeout);
        await sender.SendBatchAsync([.. Enumerable.Range(0, 3).Select(Numbered)]).AsTask().WaitAsync(Timeout);
        await using Amqp10Receiver receiver = await client.CreateReceiverAsync(address, new Amqp10ReceiverOptions { Credit = 2, AutomaticCredit = false }).AsTask().WaitAsync(Timeout);

        IReadOnlyList<Amqp10Delivery> first = await receiver.ReceiveBatchAsync(3, TimeSpan.FromSeconds(1)).AsTask().WaitAsync(Timeout);
        Assert.Equal([0L, 1L], first.Select(d => d.Message.Value!.Value.AsSigned));
        foreach (Amqp10Delivery d in first) await receiver.AcceptAsync(d).AsTask().WaitAsync(Timeout);

        await receiver.AddCreditAsync(5).AsTask().WaitAsync(Timeout);
        Amqp10Delivery third = await receiver.ReceiveAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(2L, third.Message.Value!.Value.AsSigned);
        await receiver.AcceptAsync(third).AsTask().WaitAsync(Timeout);

        // Four credits left and nothing queued: RabbitMQ answers the drain at once, spending them.
        await receiver.DrainAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(0u, receiver.Credit);
        await sender.SendAsync(Numbered(9)).AsTask().WaitAsync(Timeout);
        Assert.Empty(await receiver.ReceiveBatchAsync(1, TimeSpan.FromMilliseconds(500)).AsTask().WaitAsync(Timeout));
    }

    [RabbitMq4Fact]
    public async Task A_receiver_with_settle_mode_second_is_refused_by_RabbitMQ_4_0_with_not_implemented_at_once_not_left_hanging()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string queue = await broker.DeclareQueueAsync("settle-second");
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options()).AsTask().WaitAsync(Timeout);
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        Amqp10ClosedException failure = await Assert.ThrowsAsync<Amqp10ClosedException>(() => client.CreateReceiverAsync(
            broker.Address(queue), new Amqp10ReceiverOptions { ReceiverSettleMode = Amqp10ReceiverSettleMode.Second }, bounded.Token).AsTask().WaitAsync(Timeout));
        Assert.Equal("amqp:not-implemented", failure.Condition);
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"the attach waited {waited.Elapsed}");

        // The connection itself is still usable afterwards.
        await using Amqp10Sender sender = await client.CreateSenderAsync(broker.Address(queue)).AsTask().WaitAsync(Timeout);
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(Numbered(1)).AsTask().WaitAsync(Timeout))?.Kind);
    }

    [RabbitMq4Fact]
    public async Task RabbitMQ_4_0_advertises_a_max_message_size_of_16_MiB_a_send_one_byte_larger_is_refused_before_it_is_written_and_one_of_exactly_that_size_is_accepted()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string queue = await broker.DeclareQueueAsync("max-message-size");
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options()).AsTask().WaitAsync(Timeout);
        await using Amqp10Sender sender = await client.CreateSenderAsync(broker.Address(queue)).AsTask().WaitAsync(Timeout);

        const ulong limit = 16 * 1024 * 1024; // RabbitMQ's max_message_size default
        Assert.Equal(limit, sender.PeerMaxMessageSize);

        // A data section adds 8 bytes to its body: the descriptor 00 53 75, then vbin32's b0 and four length bytes.
        Amqp10MessageSizeExceededException refused = await Assert.ThrowsAsync<Amqp10MessageSizeExceededException>(
            () => sender.SendAsync(new Amqp10Message { Data = new byte[limit - 8 + 1] }).AsTask().WaitAsync(Timeout));
        Assert.Equal(limit + 1, refused.Size);
        Assert.Equal(limit, refused.Limit);
        Assert.Equal(sender.Name, refused.LinkName);
        Assert.Equal(0u, await broker.MessageCountAsync(queue));

        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(new Amqp10Message { Data = new byte[limit - 8] }).AsTask().WaitAsync(Timeout))?.Kind);
        Assert.Equal(1u, await broker.MessageCountAsync(queue));
    }

    [RabbitMq4Fact]
    public async Task Sends_in_flight_when_the_target_queue_is_deleted_each_end_accepted_or_failed_none_left_waiting()
    {
        await using Amqp10Broker broker = await Amqp10Broker.StartAsync();
        string queue = await broker.DeclareQueueAsync("deleted-under-sender");
        await using Amqp10Client client = await Amqp10Client.ConnectAsync(Amqp10Broker.Options()).AsTask().WaitAsync(Timeout);
        // A send timeout far beyond the test's bound: a send still waiting at the bound was left hanging, not timed out.
        await using Amqp10Sender sender = await client.CreateSenderAsync(broker.Address(queue), new Amqp10SenderOptions { SendTimeout = TimeSpan.FromMinutes(10) }).AsTask().WaitAsync(Timeout);
        Assert.Equal(Amqp10DeliveryStateKind.Accepted, (await sender.SendAsync(Numbered(0)).AsTask().WaitAsync(Timeout))?.Kind);

        var sends = new List<Task<Amqp10DeliveryState?>>();
        using var stop = new CancellationTokenSource();
        Task sending = Task.Run(async () =>
        {
            for (int i = 1; !stop.IsCancellationRequested && i < 200_000; i++)
            {
                Task<Amqp10DeliveryState?> send = sender.SendAsync(Numbered(i)).AsTask();
                lock (sends) sends.Add(send);
                if (sends.Count % 64 == 0) await Task.WhenAny(send, Task.Delay(1));
                if (send.IsFaulted) break;
            }
        });
        await Eventually.AssertAsync(() => { lock (sends) return sends.Count > 500; }, Timeout);
        await broker.DeleteQueueAsync(queue);
        await Eventually.AssertAsync(() => { lock (sends) return sends.Any(s => s.IsFaulted); }, Timeout);
        await stop.CancelAsync();
        await sending.WaitAsync(Timeout);

        Task<Amqp10DeliveryState?>[] all;
        lock (sends) all = [.. sends];
        await Task.WhenAll(all).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Timeout); // none left waiting
        var kinds = all.Where(s => s.IsCompletedSuccessfully).Select(s => s.Result?.Kind).ToHashSet();
        Exception[] errors = [.. all.Where(s => s.IsFaulted).Select(s => s.Exception!.InnerException!)];
        Assert.NotEmpty(errors);
        Assert.All(kinds, kind => Assert.True(kind is Amqp10DeliveryStateKind.Accepted or Amqp10DeliveryStateKind.Released or Amqp10DeliveryStateKind.Rejected, $"outcome {kind}"));
        Assert.All(errors, error =>
        {
            Amqp10ClosedException closed = Assert.IsAssignableFrom<Amqp10ClosedException>(error);
            Assert.Equal("link", closed.Scope);
            Assert.Equal(Amqp10Conditions.ResourceDeleted, closed.Condition);
        });
        Assert.Null(client.Failure);
    }
}
