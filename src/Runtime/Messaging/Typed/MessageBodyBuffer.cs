using TypedAmqp.Buffers;

namespace TypedAmqp.Messaging;

/// <summary>
/// A typed message's JSON body, serialized into a buffer of the calling thread's, for either transport: one buffer per
/// thread is kept, so serializing allocates nothing once warm. Taken by <see cref="Serialize"/> and given back by
/// <see cref="Return"/> once the body is written or copied; a body kept across an await costs the next publish on that
/// thread a new buffer, never a shared one.
/// </summary>
internal static class MessageBodyBuffer
{
    [ThreadStatic]
    private static PooledBufferWriter? t_body;

    public static PooledBufferWriter Serialize<TMessage>(TMessage message, MessageDescriptor<TMessage> descriptor)
    {
        PooledBufferWriter body = t_body ?? new PooledBufferWriter();
        t_body = null;
        body.Clear();
        try
        {
            JsonMessageBody.Write(body, message, descriptor);
        }
        catch
        {
            Return(body);
            throw;
        }

        return body;
    }

    public static void Return(PooledBufferWriter body)
    {
        body.Clear();
        t_body = body;
    }
}
