using System.Buffers.Binary;
using TypedAmqp.Amqp091;

namespace TypedAmqp.Integration;

/// <summary>Message bodies that carry their number, and the in-order check that handler placements share.</summary>
internal static class NumberedMessages
{
    public static byte[] Body(int n)
    {
        byte[] body = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(body, n);
        return body;
    }

    public static int Number(Delivery delivery) => BinaryPrimitives.ReadInt32BigEndian(delivery.Body.Span);

    /// <summary>
    /// Publishes 2,000 numbered messages, consumes them with a handler that acks each, and checks they were handled in
    /// order, all on <paramref name="expectedThread"/>, and that none is left in the queue after the consumer stops.
    /// </summary>
    public static async Task AssertHandledInOrderAndAckedAsync(ConsumerOptions? options, string expectedThread)
    {
        const int Count = 2_000;
        await using AmqpConnection connection = await Broker.ConnectAsync();
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        QueueDeclareResult queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: false);
        for (int i = 0; i < Count; i++) await channel.PublishAsync("", queue.QueueName, Body(i));

        var seen = new List<int>();
        var threads = new HashSet<string?>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await channel.BasicQosAsync(500);
        await using AmqpConsumer consumer = await channel.ConsumeAsync(queue.QueueName, async (delivery, ct) =>
        {
            seen.Add(Number(delivery));
            threads.Add(Thread.CurrentThread.Name);
            await delivery.AckAsync(ct);
            if (seen.Count == Count) done.TrySetResult();
        }, options);

        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Enumerable.Range(0, Count), seen);
        Assert.Equal([expectedThread], threads);
        await consumer.CancelAsync();
        Assert.Equal(0u, (await channel.QueueDeclarePassiveAsync(queue.QueueName)).MessageCount);
    }
}
