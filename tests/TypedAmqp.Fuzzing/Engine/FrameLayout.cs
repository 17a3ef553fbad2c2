namespace TypedAmqp.Fuzzing.Engine;

/// <summary>
/// Where a protocol's frames keep their size, type and channel, so the <see cref="Mutator"/> can find whole frames in a
/// stream and edit them and their headers: what gets past the frame reader into the decoders behind it.
/// </summary>
internal abstract class FrameLayout
{
    /// <summary>AMQP 0-9-1: type, channel, 32-bit payload size, payload, frame-end 0xCE.</summary>
    public static FrameLayout Amqp091 { get; } = new Amqp091Layout();

    /// <summary>AMQP 1.0: 32-bit frame size (header included), data offset in words, type, channel, extended header, body.</summary>
    public static FrameLayout Amqp10 { get; } = new Amqp10Layout();

    /// <summary>Octets that mean something to this protocol's decoders, for single-octet edits.</summary>
    public abstract byte[] InterestingOctets { get; }

    /// <summary>The frame at <paramref name="offset"/> if a well-formed one starts there.</summary>
    public abstract bool TryFindFrame(List<byte> data, int offset, out FrameSpan frame);

    /// <summary>Writes <paramref name="size"/> into the frame's size field (its meaning is the layout's: see <see cref="FrameSpan.DeclaredSize"/>).</summary>
    public void SetSize(List<byte> data, FrameSpan frame, uint size)
    {
        int at = frame.Offset + SizeFieldOffset;
        data[at] = (byte)(size >> 24);
        data[at + 1] = (byte)(size >> 16);
        data[at + 2] = (byte)(size >> 8);
        data[at + 3] = (byte)size;
    }

    /// <summary>Another frame type, another channel, or another header octet that the reader checks.</summary>
    public abstract void EditHeader(List<byte> data, FrameSpan frame, Random random);

    protected abstract int SizeFieldOffset { get; }

    protected static void SetChannel(List<byte> data, int at, Random random)
    {
        ushort[] channels = [0, 1, 2, 0xFFFF];
        ushort channel = channels[random.Next(channels.Length)];
        data[at] = (byte)(channel >> 8);
        data[at + 1] = (byte)channel;
    }

    protected static uint ReadUInt32(List<byte> data, int at) => (uint)(data[at] << 24 | data[at + 1] << 16 | data[at + 2] << 8 | data[at + 3]);

    private sealed class Amqp091Layout : FrameLayout
    {
        public override byte[] InterestingOctets { get; } = [0, 1, 2, 3, 8, 0x7F, 0x80, 0xCE, 0xFE, 0xFF, (byte)'F', (byte)'A', (byte)'S', (byte)'x', (byte)'D', (byte)'V'];

        protected override int SizeFieldOffset => 3;

        public override bool TryFindFrame(List<byte> data, int offset, out FrameSpan frame)
        {
            frame = default;
            if (offset + 8 > data.Count) return false;
            uint payload = ReadUInt32(data, offset + 3);
            if (payload > data.Count - offset - 8 || data[offset + 7 + (int)payload] != 0xCE) return false;
            frame = new FrameSpan(offset, (int)payload + 8, payload);
            return true;
        }

        public override void EditHeader(List<byte> data, FrameSpan frame, Random random)
        {
            switch (random.Next(3))
            {
                case 0:
                    byte[] types = [1, 2, 3, 8, 0, 4, 0xFF];
                    data[frame.Offset] = types[random.Next(types.Length)];
                    break;
                case 1:
                    SetChannel(data, frame.Offset + 1, random);
                    break;
                default:
                    data[frame.Offset + frame.Length - 1] = (byte)random.Next(256);
                    break;
            }
        }
    }

    private sealed class Amqp10Layout : FrameLayout
    {
        // Format codes: described type, null, true/false, small and full integers, binary, string, symbol, the list,
        // map and array encodings with their 8- and 32-bit sizes, and an unassigned one.
        public override byte[] InterestingOctets { get; } =
            [0x00, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x50, 0x52, 0x53, 0x70, 0x80, 0xA0, 0xA1, 0xA3, 0xB0, 0xB1, 0xB3, 0xC0, 0xC1, 0xD0, 0xD1, 0xE0, 0xF0, 0xFF, 0x02];

        protected override int SizeFieldOffset => 0;

        public override bool TryFindFrame(List<byte> data, int offset, out FrameSpan frame)
        {
            frame = default;
            if (offset + 8 > data.Count) return false;
            uint size = ReadUInt32(data, offset);
            if (size < 8 || size > data.Count - offset || data[offset + 4] < 2 || data[offset + 4] * 4 > size || data[offset + 5] > 1) return false;
            frame = new FrameSpan(offset, (int)size, size);
            return true;
        }

        public override void EditHeader(List<byte> data, FrameSpan frame, Random random)
        {
            switch (random.Next(3))
            {
                case 0:
                    byte[] types = [0, 1, 2, 0xFF];
                    data[frame.Offset + 5] = types[random.Next(types.Length)];
                    break;
                case 1:
                    SetChannel(data, frame.Offset + 6, random);
                    break;
                default:
                    byte[] offsets = [0, 1, 2, 3, 0xFF];
                    data[frame.Offset + 4] = offsets[random.Next(offsets.Length)];
                    break;
            }
        }
    }
}

/// <summary>A whole frame in a stream: where it starts, how many octets it takes, and the value its size field holds.</summary>
internal readonly record struct FrameSpan(int Offset, int Length, uint DeclaredSize);
