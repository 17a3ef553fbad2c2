using TypedAmqp.Buffers;

namespace TypedAmqp.Amqp10;

/// <summary>
/// A message encoded into a buffer rented from its link's spares, returned on dispose once its frames are written. A struct, so
/// that sending one allocates nothing; its one owner disposes it once.
/// </summary>
internal readonly struct Amqp10EncodedMessage : IDisposable
{
    /// <summary>The largest encoding this engine builds (256 MiB).</summary>
    private const int MaxMessageSize = 256 * 1024 * 1024;

    private readonly byte[] _buffer;
    private readonly int _length;
    private readonly SpareBuffers _spares;

    private Amqp10EncodedMessage(byte[] buffer, int length, SpareBuffers spares)
    {
        _buffer = buffer;
        _length = length;
        _spares = spares;
    }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

    /// <summary>Encodes <paramref name="message"/> into a buffer from <paramref name="spares"/>, which gets it back on dispose.</summary>
    public static Amqp10EncodedMessage Encode(Amqp10Message message, SpareBuffers spares)
    {
        // The estimate covers the body and every string; a message it misjudges (large annotation or property maps)
        // is encoded again into a buffer twice the size, since the writer cannot grow the span it writes into.
        int capacity = Amqp10MessageCodec.EstimateSize(message);
        while (true)
        {
            byte[] buffer = spares.Rent(capacity);
            try
            {
                var writer = new Amqp10Writer(buffer);
                Amqp10MessageCodec.Write(ref writer, message);
                return new Amqp10EncodedMessage(buffer, writer.Written, spares);
            }
            // Only the writer's "destination full" carries no parameter name; a lone surrogate or a non-ASCII symbol
            // does, and is the caller's mistake, so it is not retried.
            catch (ArgumentException e) when (e.ParamName is null && buffer.Length <= MaxMessageSize / 2)
            {
                spares.Return(buffer);
                capacity = buffer.Length * 2;
            }
            catch
            {
                spares.Return(buffer);
                throw;
            }
        }
    }

    public void Dispose()
    {
        if (_buffer is not null) _spares.Return(_buffer);
    }
}
