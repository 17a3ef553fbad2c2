using TypedAmqp.Amqp091;

namespace TypedAmqp.Compare;

/// <summary>
/// Measures what the size of a message's property block costs the broker: the same messages, published with confirms
/// and consumed with multiple acks, once with a block of 64 bytes and once with 65. RabbitMQ (an Erlang program) keeps
/// binaries of up to 64 bytes on a process's own heap and larger ones by reference, which shows as a step in its CPU
/// per message. The probes are <see cref="TypedAmqpClient"/>s whose messages carry such a block.
/// </summary>
internal static class PropertyBlockProbe
{
    /// <summary>The block's size without the type name: flags (2), content type (1 + 16), delivery mode (1), a 22-character message id (1 + 22), timestamp (8), the type name's length (1).</summary>
    private const int SizeWithoutTypeName = 2 + 17 + 1 + 23 + 8 + 1;

    /// <summary>A raw TypedAmqp client whose messages carry the properties a typed publish sets, in a block of <paramref name="blockSize"/> bytes (flags included).</summary>
    public static Task<TypedAmqpClient> ConnectAsync(string uri, byte[] body, int blockSize) =>
        TypedAmqpClient.ConnectAsync(uri, body, handlersOnOwnThread: false, Properties(blockSize), $"{blockSize}-byte property block");

    private static BasicProperties Properties(int blockSize) => new()
    {
        ContentType = "application/json",
        DeliveryMode = DeliveryMode.Persistent,
        MessageId = "AAAAAAAAAAAAAAAAAAAAAA",
        Timestamp = AmqpTimestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        Type = new string('t', blockSize - SizeWithoutTypeName),
    };
}
