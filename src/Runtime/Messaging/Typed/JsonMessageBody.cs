using System.Buffers;
using System.Text.Json;

namespace TypedAmqp.Messaging;

/// <summary>Serializes message bodies straight into the runtime's buffer and reads them in place from deliveries.</summary>
public static class JsonMessageBody
{
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;


    // What an idle writer points at, so it keeps no publish buffer alive. Nothing is ever written to it; an
    // IBufferWriter rather than Stream.Null, because resetting a writer to a stream allocates.
    private static readonly ArrayBufferWriter<byte> Detached = new(1);

    /// <summary>Writes <paramref name="message"/> as JSON into <paramref name="buffer"/>, reusing this thread's writer.</summary>
    public static void Write<TMessage>(IBufferWriter<byte> buffer, TMessage message, MessageDescriptor<TMessage> descriptor)
    {
        Utf8JsonWriter? writer = t_writer;
        t_writer = null;
        if (writer is null) writer = new Utf8JsonWriter(buffer);
        else writer.Reset(buffer);
        try
        {
            JsonSerializer.Serialize(writer, message, descriptor.TypeInfo);
            writer.Flush();
        }
        finally
        {
            writer.Reset(Detached);
            t_writer = writer;
        }
    }

    /// <summary>Reads a message from a delivery body without copying it; throws <see cref="JsonException"/> for a body that does not fit.</summary>
    public static TMessage Read<TMessage>(ReadOnlyMemory<byte> body, MessageDescriptor<TMessage> descriptor)
    {
        TMessage? message = JsonSerializer.Deserialize(body.Span, descriptor.TypeInfo);
        return message ?? throw new JsonException($"The body of a '{descriptor.WireName}' message is JSON null.");
    }
}
