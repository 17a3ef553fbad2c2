using System.Buffers.Binary;

namespace TypedAmqp.Fuzzing.Engine;

/// <summary>
/// Derives new inputs from the corpus without instrumentation: each one is a corpus entry with one to a few stacked
/// mutations, chosen by a seeded <see cref="Random"/>, so a seed and a corpus always give the same inputs. Besides
/// blind byte edits it knows the protocol's <see cref="FrameLayout"/> and edits whole frames, their headers and size
/// fields, which is what gets past the frame reader into the decoding behind it.
/// </summary>
internal sealed class Mutator
{
    /// <summary>Inputs are kept below this size: big enough for several frames, small enough to run fast.</summary>
    public const int MaxInputLength = 64 * 1024;

    private static readonly uint[] InterestingValues =
        [0, 1, 2, 7, 8, 0x7F, 0x80, 0xCE, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x1_0000, 0x1_0001, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFE, 0xFFFF_FFFF];

    private readonly Random _random;
    private readonly IReadOnlyList<byte[]> _corpus;
    private readonly FrameLayout _layout;

    public Mutator(int seed, IReadOnlyList<byte[]> corpus, FrameLayout layout)
    {
        if (corpus.Count == 0) throw new ArgumentException("The corpus is empty: give at least one seed input.", nameof(corpus));
        _random = new Random(seed);
        _corpus = corpus;
        _layout = layout;
    }

    public byte[] Next()
    {
        var data = new List<byte>(_corpus[_random.Next(_corpus.Count)]);
        // Mostly one or two mutations: inputs close to valid traffic reach deeper; now and then a heavier stack.
        int mutations = _random.Next(8) switch { < 4 => 1, < 6 => 2, 6 => 3, _ => 2 + _random.Next(6) };
        for (int i = 0; i < mutations; i++) MutateOnce(data);
        if (data.Count > MaxInputLength) data.RemoveRange(MaxInputLength, data.Count - MaxInputLength);
        return data.ToArray();
    }

    private void MutateOnce(List<byte> data)
    {
        switch (_random.Next(17))
        {
            case 0: FlipBit(data); break;
            case 1: SetOctet(data, _layout.InterestingOctets[_random.Next(_layout.InterestingOctets.Length)]); break;
            case 2: SetOctet(data, (byte)_random.Next(256)); break;
            case 3: SetBigEndian(data, 2); break;
            case 4: SetBigEndian(data, 4); break;
            case 5: SetBigEndian(data, 8); break;
            case 6: InsertRandomBytes(data); break;
            case 7: DeleteRange(data); break;
            case 8: DuplicateRange(data); break;
            case 9: Splice(data); break;
            case 10: Truncate(data); break;
            case 11: EditFrameSize(data); break;
            case 12: EditFrameHeader(data); break;
            case 13: DropFrame(data); break;
            case 14: DuplicateFrame(data); break;
            case 15: SwapFrames(data); break;
            default: SetReadSize(data); break;
        }
    }

    private int StreamOffset(List<byte> data) => data.Count <= InputLayout.PrefixLength
        ? data.Count
        : InputLayout.PrefixLength + _random.Next(data.Count - InputLayout.PrefixLength);

    private void FlipBit(List<byte> data)
    {
        if (data.Count <= InputLayout.PrefixLength) return;
        int at = StreamOffset(data);
        data[at] ^= (byte)(1 << _random.Next(8));
    }

    private void SetOctet(List<byte> data, byte value)
    {
        if (data.Count <= InputLayout.PrefixLength) return;
        data[StreamOffset(data)] = value;
    }

    /// <summary>An interesting value (or one next to it) in big-endian order, as every AMQP integer is.</summary>
    private void SetBigEndian(List<byte> data, int width)
    {
        if (data.Count < InputLayout.PrefixLength + width) return;
        ulong value = InterestingValues[_random.Next(InterestingValues.Length)];
        value = (ulong)((long)value + _random.Next(3) - 1);
        if (width == 8 && _random.Next(2) == 0) value = 0x7FFF_FFFF_FFFF_FFFF + (ulong)_random.Next(3);
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        int at = InputLayout.PrefixLength + _random.Next(data.Count - InputLayout.PrefixLength - width + 1);
        for (int i = 0; i < width; i++) data[at + i] = bytes[8 - width + i];
    }

    private void InsertRandomBytes(List<byte> data)
    {
        int count = 1 + _random.Next(_random.Next(2) == 0 ? 4 : 32);
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        data.InsertRange(StreamOffset(data), bytes);
    }

    private void DeleteRange(List<byte> data)
    {
        if (data.Count <= InputLayout.PrefixLength) return;
        int at = StreamOffset(data);
        int count = Math.Min(data.Count - at, 1 + _random.Next(_random.Next(2) == 0 ? 4 : 64));
        data.RemoveRange(at, count);
    }

    private void DuplicateRange(List<byte> data)
    {
        if (data.Count <= InputLayout.PrefixLength) return;
        int at = StreamOffset(data);
        int count = Math.Min(data.Count - at, 1 + _random.Next(64));
        data.InsertRange(StreamOffset(data), data.GetRange(at, count));
    }

    /// <summary>A piece of another corpus entry's stream, inserted or put in place of this one's tail.</summary>
    private void Splice(List<byte> data)
    {
        byte[] other = _corpus[_random.Next(_corpus.Count)];
        if (other.Length <= InputLayout.PrefixLength) return;
        int start = InputLayout.PrefixLength + _random.Next(other.Length - InputLayout.PrefixLength);
        int count = 1 + _random.Next(other.Length - start);
        var piece = new ArraySegment<byte>(other, start, count);
        int at = StreamOffset(data);
        if (_random.Next(2) == 0) data.RemoveRange(at, data.Count - at);
        data.InsertRange(at, piece);
    }

    private void Truncate(List<byte> data)
    {
        if (data.Count <= InputLayout.PrefixLength) return;
        int at = StreamOffset(data);
        data.RemoveRange(at, data.Count - at);
    }

    private void SetReadSize(List<byte> data)
    {
        if (data.Count == 0) return;
        data[0] = _random.Next(5) switch
        {
            0 => (byte)(data[0] & InputLayout.EndWithCloseFlag),
            1 => (byte)((data[0] & InputLayout.EndWithCloseFlag) | 1),
            2 => (byte)((data[0] & InputLayout.EndWithCloseFlag) | (1 + _random.Next(16))),
            3 => (byte)(data[0] ^ InputLayout.EndWithCloseFlag),
            _ => (byte)_random.Next(256),
        };
    }

    private void EditFrameSize(List<byte> data)
    {
        if (!TryPickFrame(data, out FrameSpan frame)) return;
        uint size = _random.Next(3) switch
        {
            0 => InterestingValues[_random.Next(InterestingValues.Length)],
            1 => (uint)Math.Max(0, frame.DeclaredSize + _random.Next(-8, 9)),
            _ => (uint)_random.Next((int)frame.DeclaredSize + 1),
        };
        _layout.SetSize(data, frame, size);
    }

    private void EditFrameHeader(List<byte> data)
    {
        if (TryPickFrame(data, out FrameSpan frame)) _layout.EditHeader(data, frame, _random);
    }

    private void DropFrame(List<byte> data)
    {
        if (TryPickFrame(data, out FrameSpan frame)) data.RemoveRange(frame.Offset, frame.Length);
    }

    private void DuplicateFrame(List<byte> data)
    {
        if (TryPickFrame(data, out FrameSpan frame)) data.InsertRange(frame.Offset, data.GetRange(frame.Offset, frame.Length));
    }

    private void SwapFrames(List<byte> data)
    {
        List<FrameSpan> frames = FindFrames(data);
        if (frames.Count < 2) return;
        int first = _random.Next(frames.Count - 1);
        FrameSpan a = frames[first];
        FrameSpan b = frames[first + 1];
        List<byte> bytesOfA = data.GetRange(a.Offset, a.Length);
        data.RemoveRange(a.Offset, a.Length);
        data.InsertRange(a.Offset + b.Length, bytesOfA);
    }

    private bool TryPickFrame(List<byte> data, out FrameSpan frame)
    {
        List<FrameSpan> frames = FindFrames(data);
        if (frames.Count == 0)
        {
            frame = default;
            return false;
        }

        frame = frames[_random.Next(frames.Count)];
        return true;
    }

    /// <summary>The well-formed frames at the start of the stream, up to the first one that is not.</summary>
    private List<FrameSpan> FindFrames(List<byte> data)
    {
        var frames = new List<FrameSpan>();
        int offset = InputLayout.PrefixLength;
        while (_layout.TryFindFrame(data, offset, out FrameSpan frame))
        {
            frames.Add(frame);
            offset += frame.Length;
        }

        return frames;
    }
}
