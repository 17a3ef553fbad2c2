using System.Buffers;

namespace TypedAmqp.Amqp10;

/// <summary>
/// A message encoded into a buffer rented from the pool, returned on dispose once its frames are written. A struct, so
/// that sending one allocates nothing; its one owner disposes it once.
/// </summary>
internal readonly struct Amqp10EncodedMessage : IDisposable
{
    /// <summary>The largest encoding this engine builds (256 MiB).</summary>
    private const int MaxMessageSize = 256 * 1024 * 1024;

    private readonly byte[] _buffer;
    private readonly int _length;

    private Amqp10EncodedMessage(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

    public static Amqp10EncodedMessage Encode(Amqp10Message message)
    {
        // The estimate covers the body and every string; a message it misjudges (large annotation or property maps)
        // is encoded again into a buffer twice the size, since the writer cannot grow the span it writes into.
        int capacity = Amqp10MessageCodec.EstimateSize(message);
        while (true)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(capacity);
            try
            {
                var writer = new Amqp10Writer(buffer);
                Amqp10MessageCodec.Write(ref writer, message);
                return new Amqp10EncodedMessage(buffer, writer.Written);
            }
            // Only the writer's "destination full" carries no parameter name; a lone surrogate or a non-ASCII symbol
            // does, and is the caller's mistake, so it is not retried.
            catch (ArgumentException e) when (e.ParamName is null && buffer.Length <= MaxMessageSize / 2)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                capacity = buffer.Length * 2;
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }
        }
    }

    public void Dispose()
    {
        if (_buffer is not null) ArrayPool<byte>.Shared.Return(_buffer);
    }
}
