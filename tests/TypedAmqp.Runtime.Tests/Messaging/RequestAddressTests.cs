using TypedAmqp.Amqp091;
using TypedAmqp.Amqp091.Protocol;
using TypedAmqp.Messaging;
using TypedAmqp.Tests.Client;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Messaging;

/// <summary>
/// A request keeps its own exchange and routing key while it waits: the caller's bytes (a generated publisher's key in
/// <see cref="RoutingKeyWriter"/>'s per-thread buffer) belong to the next publish on that thread once the call returns.
/// </summary>
public sealed class RequestAddressTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_first_request_waiting_for_its_channel_goes_out_with_its_own_key_and_times_out_naming_it()
    {
        (FakeBroker broker, AmqpConnection connection) = await FakeBroker.ConnectAsync();
        await using FakeBroker owner = broker;
        var messaging = new AmqpMessaging(connection);
        var descriptor = new MessageDescriptor<AllocationTick>("ticks", AllocationJson.Default.AllocationTick);

        RoutingKeyWriter key = RoutingKeyWriter.Start();
        key.Append("price."u8);
        key.Append("eu");
        Task<AllocationTick> requesting = messaging.RequestAsync(
            "quotes"u8.ToArray(), key.Written, "price.{Region}", descriptor, default(AllocationTick), descriptor, TimeSpan.FromMilliseconds(300), null, CancellationToken.None).AsTask();

        // The request waits for its channel to open; meanwhile this thread builds the next key in the same buffer.
        RoutingKeyWriter next = RoutingKeyWriter.Start();
        next.Append("other.xx"u8);

        await broker.AnswerChannelOpenAsync();
        await broker.AnswerConfirmSelectAsync();
        ReceivedFrame consume = await broker.ExpectMethodAsync(MethodId.BasicConsume);
        await broker.SendMethodAsync(consume.Channel, new ServerMethod(MethodId.BasicConsumeOk, static (ref AmqpWriter w) => w.WriteShortString("amq.ctag-reply")));

        ReceivedFrame publish = await broker.ExpectMethodAsync(MethodId.BasicPublish);
        AmqpReader arguments = publish.Arguments();
        arguments.ReadShort(); // reserved
        Assert.Equal("quotes", arguments.ReadShortString());
        Assert.Equal("price.eu", arguments.ReadShortString());

        TimeoutException timeout = await Assert.ThrowsAsync<TimeoutException>(() => requesting.WaitAsync(Timeout));
        Assert.Contains("routing key 'price.eu'", timeout.Message);
    }
}
