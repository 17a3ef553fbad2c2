using System.Text;
using TypedAmqp;

// The shortest useful TypedAmqp program: connect, declare a queue, consume, publish with confirms.
string uri = Environment.GetEnvironmentVariable("TYPEDAMQP_URI") ?? "amqp://guest:guest@127.0.0.1:5672/";
const int messageCount = 3;

await using AmqpConnection connection = await AmqpConnection.ConnectAsync(uri);
await using AmqpChannel channel = await connection.OpenChannelAsync();
QueueDeclareResult queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);

int received = 0;
var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
await using AmqpConsumer consumer = await channel.ConsumeAsync(queue.QueueName, async (delivery, ct) =>
{
    Console.WriteLine($"received: {Encoding.UTF8.GetString(delivery.Body.Span)} (message id {delivery.Properties.MessageId})");
    await delivery.AckAsync(ct);
    if (Interlocked.Increment(ref received) == messageCount) allReceived.TrySetResult();
});

await channel.ConfirmSelectAsync();
for (int i = 1; i <= messageCount; i++)
{
    string text = $"hello #{i}";
    await channel.PublishAsync("", queue.QueueName, Encoding.UTF8.GetBytes(text), new BasicProperties { MessageId = $"m-{i}", ContentType = "text/plain" });
    Console.WriteLine($"sent: {text} (confirmed by the broker)");
}

await allReceived.Task.WaitAsync(TimeSpan.FromSeconds(30));
Console.WriteLine($"done: {received} of {messageCount} messages round-tripped through {connection.Endpoint}");
