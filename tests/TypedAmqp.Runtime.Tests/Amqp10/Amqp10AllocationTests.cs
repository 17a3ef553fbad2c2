using System.Text;
using TypedAmqp.Amqp10;
using TypedAmqp.Tests.Support;

namespace TypedAmqp.Tests.Amqp10;

/// <summary>
/// Writing and reading fixed-width values, and a list of them, allocates nothing; nor do the span paths for strings
/// and symbols, nor skipping. Single-threaded and synchronous, so the current thread's counter is exact.
/// </summary>
public sealed class Amqp10AllocationTests
{
    private const int Iterations = 10_000;
    private const int Rounds = 5;

    private static readonly Guid Id = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");

    private static int WriteSample(Span<byte> buffer, int i)
    {
        var writer = new Amqp10Writer(buffer);
        writer.WriteDescriptor(0x70);
        Amqp10Compound list = writer.BeginList();
        writer.WriteNull();
        writer.WriteBoolean((i & 1) == 0);
        writer.WriteUByte((byte)i);
        writer.WriteUShort((ushort)i);
        writer.WriteUInt((uint)i);
        writer.WriteULong((ulong)i << 20);
        writer.WriteByte((sbyte)i);
        writer.WriteShort((short)i);
        writer.WriteInt(-i);
        writer.WriteLong(-(long)i << 20);
        writer.WriteFloat(i);
        writer.WriteDouble(i);
        writer.WriteDecimal32(new Amqp10Decimal32((uint)i));
        writer.WriteDecimal64(new Amqp10Decimal64((ulong)i));
        writer.WriteDecimal128(new Amqp10Decimal128((ulong)i, 1));
        writer.WriteChar(new Rune('a' + (i % 26)));
        writer.WriteTimestamp(new Amqp10Timestamp(i));
        writer.WriteUuid(Id);
        writer.WriteStringUtf8("queue"u8);
        writer.WriteSymbol("amqp:accepted:list"u8);
        writer.WriteBinary("body"u8);
        Amqp10Compound array = writer.BeginArray(Amqp10FormatCode.Int);
        writer.WriteInt(i);
        writer.WriteInt(i + 1);
        writer.EndArray(array);
        Amqp10Compound map = writer.BeginMap();
        writer.WriteSymbol("k"u8);
        writer.WriteUInt(1);
        writer.EndMap(map);
        writer.EndList(list);
        return writer.Written;
    }

    private static long ReadSample(ReadOnlySpan<byte> bytes)
    {
        var reader = new Amqp10Reader(bytes);
        long sum = (long)reader.ReadDescriptorCode();
        Amqp10Reader list = reader.ReadList();
        sum += list.TryReadNull() ? 1 : 0;
        sum += list.ReadBoolean() ? 1 : 0;
        sum += list.ReadUByte() + list.ReadUShort() + list.ReadUInt() + (long)list.ReadULong();
        sum += list.ReadByte() + list.ReadShort() + list.ReadInt() + list.ReadLong();
        sum += (long)list.ReadFloat() + (long)list.ReadDouble();
        sum += list.ReadDecimal32().Bits + (long)list.ReadDecimal64().Bits + (long)list.ReadDecimal128().Low;
        sum += list.ReadChar().Value + list.ReadTimestamp().Milliseconds;
        sum += list.ReadUuid() == Id ? 1 : 0;
        sum += list.ReadStringUtf8().Length + list.ReadSymbolAscii().Length + list.ReadBinary().Length;
        Amqp10Reader array = list.ReadArray();
        for (int i = 0; i < array.Count; i++) sum += array.ReadInt();
        list.Skip();
        list.EnsureEnd();
        return sum;
    }

    [OptimizedBuildFact]
    public void Writing_and_reading_fixed_width_values_and_a_list_of_them_allocates_nothing()
    {
        byte[] buffer = new byte[512];
        long sum = 0;
        for (int i = 0; i < 1_000; i++) sum += ReadSample(buffer.AsSpan(0, WriteSample(buffer, i)));

        // The best of several rounds, as the runtime's other allocation guards measure: a round can include the JIT's
        // one-off work (tiering up mid-round, a few KiB once), while one object per iteration would be 24 B or more.
        long best = long.MaxValue;
        for (int round = 0; round < Rounds; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Iterations; i++)
            {
                int written = WriteSample(buffer, i);
                sum += ReadSample(buffer.AsSpan(0, written));
                var skipper = new Amqp10Reader(buffer.AsSpan(0, written));
                skipper.Skip();
            }

            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(sum != 0);
        Assert.True(best < Iterations, $"writing, reading and skipping allocated {best / (double)Iterations:0.##} B per iteration in the best of {Rounds} rounds");
    }
}
