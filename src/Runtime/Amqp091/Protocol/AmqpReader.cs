using System.Buffers;
using System.Text;

namespace TypedAmqp.Amqp091.Protocol;

/// <summary>
/// Reads AMQP 0-9-1 domain types from a frame payload, which may span several pipe segments; nothing is
/// copied unless the caller asks for a string or a table. Running out of bytes is a frame error (501).
/// </summary>
internal ref struct AmqpReader
{
    private SequenceReader<byte> _reader;
    private byte _bits;
    private int _bitCount = 8;

    public AmqpReader(ReadOnlySequence<byte> payload)
    {
        _reader = new SequenceReader<byte>(payload);
    }

    public readonly long Remaining => _reader.Remaining;

    public readonly long Consumed => _reader.Consumed;

    public byte ReadOctet()
    {
        EndBits();
        if (!_reader.TryRead(out byte value)) throw Truncated("octet");
        return value;
    }

    public ushort ReadShort()
    {
        EndBits();
        if (!_reader.TryReadBigEndian(out short value)) throw Truncated("short");
        return (ushort)value;
    }

    public uint ReadLong()
    {
        EndBits();
        if (!_reader.TryReadBigEndian(out int value)) throw Truncated("long");
        return (uint)value;
    }

    public ulong ReadLongLong()
    {
        EndBits();
        if (!_reader.TryReadBigEndian(out long value)) throw Truncated("long-long");
        return (ulong)value;
    }

    public bool ReadBit()
    {
        if (_bitCount == 8)
        {
            if (!_reader.TryRead(out _bits)) throw Truncated("bit field");
            _bitCount = 0;
        }

        bool value = (_bits & (1 << _bitCount)) != 0;
        _bitCount++;
        return value;
    }

    public string ReadShortString()
    {
        int length = ReadOctet();
        return ReadUtf8(length, "short string");
    }

    /// <summary>Reads a short string as bytes; the span is valid while the payload is.</summary>
    public ReadOnlySequence<byte> ReadShortStringBytes()
    {
        int length = ReadOctet();
        return ReadSequence(length, "short string");
    }

    public void SkipShortString()
    {
        int length = ReadOctet();
        Skip(length, "short string");
    }

    public string ReadLongString()
    {
        uint length = ReadLong();
        CheckLength(length, "long string");
        return ReadUtf8((int)length, "long string");
    }

    public ReadOnlySequence<byte> ReadLongStringBytes()
    {
        uint length = ReadLong();
        CheckLength(length, "long string");
        return ReadSequence((int)length, "long string");
    }

    public Dictionary<string, object?> ReadTable()
    {
        uint length = ReadLong();
        CheckLength(length, "field table");
        ReadOnlySequence<byte> tableBytes = ReadSequence((int)length, "field table");
        return FieldTableCodec.ReadTable(tableBytes);
    }

    public void SkipTable()
    {
        uint length = ReadLong();
        CheckLength(length, "field table");
        Skip((int)length, "field table");
    }

    public ReadOnlySequence<byte> ReadSequence(int length, string what)
    {
        EndBits();
        if (_reader.Remaining < length) throw Truncated(what);
        ReadOnlySequence<byte> slice = _reader.UnreadSequence.Slice(0, length);
        _reader.Advance(length);
        return slice;
    }

    private void Skip(int length, string what)
    {
        EndBits();
        if (_reader.Remaining < length) throw Truncated(what);
        _reader.Advance(length);
    }

    private string ReadUtf8(int length, string what)
    {
        EndBits();
        if (_reader.Remaining < length) throw Truncated(what);
        string value;
        if (_reader.UnreadSpan.Length >= length)
        {
            value = Encoding.UTF8.GetString(_reader.UnreadSpan[..length]);
        }
        else
        {
            value = Encoding.UTF8.GetString(_reader.UnreadSequence.Slice(0, length));
        }

        _reader.Advance(length);
        return value;
    }

    private readonly void CheckLength(uint length, string what)
    {
        if (length > _reader.Remaining) throw Truncated(what);
    }

    private void EndBits() => _bitCount = 8;

    private readonly AmqpProtocolException Truncated(string what) =>
        new(ReplyCode.FrameError, $"Malformed frame: the payload ends inside a {what} at offset {_reader.Consumed}.");
}
