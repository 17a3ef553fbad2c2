using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using TypedAmqp.Buffers;

namespace TypedAmqp.Amqp091.Protocol;

/// <summary>
/// Writes AMQP 0-9-1 domain types (big-endian integers, short and long strings, packed bits, field tables)
/// into a span that the caller has sized beforehand. Never allocates.
/// </summary>
internal ref struct AmqpWriter
{
    private readonly Span<byte> _span;
    private int _position;
    private int _bitOffset = -1;
    private int _bitCount;

    public AmqpWriter(Span<byte> span)
    {
        _span = span;
        _position = 0;
    }

    public readonly int Position => _position;

    public void WriteOctet(byte value)
    {
        EndBits();
        _span[_position++] = value;
    }

    public void WriteShort(ushort value)
    {
        EndBits();
        BinaryPrimitives.WriteUInt16BigEndian(_span[_position..], value);
        _position += 2;
    }

    public void WriteLong(uint value)
    {
        EndBits();
        BinaryPrimitives.WriteUInt32BigEndian(_span[_position..], value);
        _position += 4;
    }

    public void WriteLongLong(ulong value)
    {
        EndBits();
        BinaryPrimitives.WriteUInt64BigEndian(_span[_position..], value);
        _position += 8;
    }

    /// <summary>Consecutive bits share octets, least significant bit first (spec 4.2.5.2).</summary>
    public void WriteBit(bool value)
    {
        if (_bitOffset < 0 || _bitCount == 8)
        {
            _bitOffset = _position;
            _span[_position++] = 0;
            _bitCount = 0;
        }

        if (value)
        {
            _span[_bitOffset] |= (byte)(1 << _bitCount);
        }

        _bitCount++;
    }

    public void WriteShortString(string? value)
    {
        EndBits();
        value ??= string.Empty;
        int length = Encoding.UTF8.GetBytes(value, _span[(_position + 1)..]);
        if (length > 255)
        {
            throw new ArgumentException($"A short string holds at most 255 UTF-8 bytes; '{Truncate(value)}' has {length}.", nameof(value));
        }

        _span[_position] = (byte)length;
        _position += 1 + length;
    }

    /// <summary>The length of a GUID written as a message id: its 16 bytes in unpadded base64url, 22 characters.</summary>
    public const int GuidLength = GuidText.Length;

    /// <summary>Writes a GUID as a short string in the form of <see cref="GuidText"/>, without allocating.</summary>
    public void WriteShortString(Guid id)
    {
        EndBits();
        _span[_position] = GuidLength;
        int written = GuidText.WriteUtf8(id, _span.Slice(_position + 1, GuidLength));
        Debug.Assert(written == GuidLength, "16 bytes are 22 base64url characters");
        _position += 1 + GuidLength;
    }

    public void WriteShortString(ReadOnlySpan<byte> utf8)
    {
        EndBits();
        if (utf8.Length > 255)
        {
            throw new ArgumentException($"A short string holds at most 255 bytes; this one has {utf8.Length}.", nameof(utf8));
        }

        _span[_position] = (byte)utf8.Length;
        utf8.CopyTo(_span[(_position + 1)..]);
        _position += 1 + utf8.Length;
    }

    public void WriteLongString(string? value)
    {
        EndBits();
        value ??= string.Empty;
        int length = Encoding.UTF8.GetBytes(value, _span[(_position + 4)..]);
        BinaryPrimitives.WriteUInt32BigEndian(_span[_position..], (uint)length);
        _position += 4 + length;
    }

    public void WriteLongString(ReadOnlySpan<byte> bytes)
    {
        EndBits();
        BinaryPrimitives.WriteUInt32BigEndian(_span[_position..], (uint)bytes.Length);
        bytes.CopyTo(_span[(_position + 4)..]);
        _position += 4 + bytes.Length;
    }

    public void WriteTable(IReadOnlyDictionary<string, object?>? table)
    {
        EndBits();
        _position += FieldTableCodec.WriteTable(_span[_position..], table);
    }

    public void WriteTableWithExtra(IReadOnlyDictionary<string, object?>? table, ReadOnlySpan<byte> extraKey, long extraValue)
    {
        EndBits();
        _position += FieldTableCodec.WriteTable(_span[_position..], table, extraKey, extraValue);
    }

    private void EndBits() => _bitOffset = -1;

    internal static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
