using System.Text;

namespace TypedAmqp.Messaging;

/// <summary>
/// Builds a routing key into a per-thread buffer without allocating: literal UTF-8 parts and formatted placeholder
/// values. The result is valid until the next key is started on the same thread, which is enough because
/// <see cref="IMessagePublisher.PublishAsync{TMessage}(ReadOnlyMemory{byte}, ReadOnlyMemory{byte}, string, MessageDescriptor{TMessage}, TMessage, PublishOptions, CancellationToken)"/> copies it before returning.
/// </summary>
/// <remarks>Public for the code TypedAmqp's generator emits; not meant to be used directly.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public ref struct RoutingKeyWriter
{
    private const int MaxLength = 255;

    [ThreadStatic]
    private static byte[]? t_buffer;

    private readonly byte[] _buffer;
    private int _length;

    private RoutingKeyWriter(byte[] buffer)
    {
        _buffer = buffer;
        _length = 0;
    }

    /// <summary>Starts a new key on this thread's buffer.</summary>
    public static RoutingKeyWriter Start() => new(t_buffer ??= new byte[MaxLength * 4]);

    /// <summary>The key written so far.</summary>
    public readonly ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    /// <summary>Appends literal UTF-8 bytes.</summary>
    public void Append(ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(_buffer.AsSpan(_length));
        _length += utf8.Length;
        CheckLength();
    }

    /// <summary>Appends a string value as UTF-8.</summary>
    public void Append(string? value)
    {
        if (value is null) return;
        if (Encoding.UTF8.GetMaxByteCount(value.Length) > _buffer.Length - _length && Encoding.UTF8.GetByteCount(value) > _buffer.Length - _length)
        {
            throw new ArgumentException($"The routing key exceeds {MaxLength} bytes.");
        }

        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
        CheckLength();
    }

    /// <summary>Appends a value that formats itself as UTF-8 (numbers, Guid, DateTime...), with the invariant culture.</summary>
    public void AppendFormatted<T>(T value) where T : IUtf8SpanFormattable
    {
        if (!value.TryFormat(_buffer.AsSpan(_length), out int written, default, System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new ArgumentException($"The routing key exceeds {MaxLength} bytes.");
        }

        _length += written;
        CheckLength();
    }

    /// <summary>Appends an enum value by name.</summary>
    public void AppendEnum<T>(T value) where T : struct, Enum => Append(value.ToString());

    private readonly void CheckLength()
    {
        if (_length > MaxLength) throw new ArgumentException($"The routing key is {_length} bytes; AMQP allows at most {MaxLength}.");
    }
}
