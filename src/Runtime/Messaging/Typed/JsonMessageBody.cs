using System.Buffers;
using System.Text.Json;

namespace TypedAmqp.Messaging;

/// <summary>Serializes message bodies straight into the runtime's buffer and reads them in place from deliveries.</summary>
public static class JsonMessageBody
{
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    [ThreadStatic]
    private static int t_lastWrittenBytes;

    /// <summary>The size of the body this thread serialized last (for the publish span's <c>messaging.message.body.size</c>).</summary>
    internal static int LastWrittenBytes => t_lastWrittenBytes;

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
            t_lastWrittenBytes = (int)writer.BytesCommitted;
        }
        finally
        {
            writer.Reset(Detached);
            t_writer = writer;
        }
    }

    /// <summary>
    /// <see cref="Write{TMessage}(IBufferWriter{byte}, TMessage, MessageDescriptor{TMessage})"/> in the shape a
    /// body-writer publish takes, with the message and its descriptor as the state (a cached static delegate).
    /// </summary>
    internal static void WriteBody<TMessage>(IBufferWriter<byte> buffer, (TMessage Message, MessageDescriptor<TMessage> Descriptor) state) =>
        Write(buffer, state.Message, state.Descriptor);

    /// <summary>Reads a message from a delivery body without copying it; throws <see cref="JsonException"/> for a body that does not fit.</summary>
    public static TMessage Read<TMessage>(ReadOnlyMemory<byte> body, MessageDescriptor<TMessage> descriptor)
    {
        TMessage? message = JsonSerializer.Deserialize(body.Span, descriptor.TypeInfo);
        return message ?? throw new JsonException($"The body of a '{descriptor.WireName}' message is JSON null.");
    }
}
