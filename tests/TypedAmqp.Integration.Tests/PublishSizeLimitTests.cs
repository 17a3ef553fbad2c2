using System.Text;
using TypedAmqp.Amqp091;

namespace TypedAmqp.Integration;

/// <summary>Publishes the broker would refuse by closing the connection are refused by the client first.</summary>
public sealed class PublishSizeLimitTests
{
    [BrokerFact]
    public async Task Headers_larger_than_frame_max_are_refused_and_the_connection_and_its_channels_stay_open()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        await using AmqpChannel other = await connection.OpenChannelAsync();
        QueueDeclareResult queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        await channel.ConfirmSelectAsync();
        var huge = new BasicProperties { Headers = new Dictionary<string, object?> { ["x-large"] = new string('h', 2 * (int)connection.FrameMax) } };

        // Bounded: before the client checked, the broker closed the connection (501 frame_too_large) and this failed so.
        AmqpMessageTooLargeException error = await Assert.ThrowsAsync<AmqpMessageTooLargeException>(
            () => channel.PublishAsync("", queue.QueueName, "refused"u8.ToArray(), huge).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(connection.FrameMax, (uint)error.Limit);
        Assert.Contains($"frame_max of {connection.FrameMax}", error.Message);

        await channel.PublishAsync("", queue.QueueName, "accepted"u8.ToArray()).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        await other.QueueDeclarePassiveAsync(queue.QueueName);
        Assert.True(connection.IsOpen);
        GetResult? result = await TopologyAndPublishingTests.PollAsync(channel, queue.QueueName);
        Assert.Equal("accepted", Encoding.UTF8.GetString(result!.Body.Span));
        await result.AckAsync();
        Assert.Null(await channel.BasicGetAsync(queue.QueueName));
    }
}
